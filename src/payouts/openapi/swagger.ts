import type * as Swagger from '@nestjs/swagger';

/**
 * The @nestjs/swagger decorators the module's controllers and views carry, taken from the host's
 * @nestjs/swagger when it is installed and doing nothing when it is not: swagger is an optional
 * peer, and a host without it must still load the module (the way @nestjs/mapped-types treats
 * class-validator). Only a missing @nestjs/swagger is tolerated; any other load error is thrown.
 */
function loadSwagger(): typeof Swagger | undefined {
  try {
    return require('@nestjs/swagger');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes("'@nestjs/swagger'");
    if (missing) return undefined;
    throw error;
  }
}

const swagger = loadSwagger();
const none = () => () => undefined;
/** The host's decorator of that name, or one that does nothing (typed as swagger's either way). */
const pick = <Name extends keyof typeof Swagger>(name: Name) => (swagger ? swagger[name] : none) as (typeof Swagger)[Name];

export const ApiBadGatewayResponse = pick('ApiBadGatewayResponse');
export const ApiBadRequestResponse = pick('ApiBadRequestResponse');
export const ApiBody = pick('ApiBody');
export const ApiConflictResponse = pick('ApiConflictResponse');
export const ApiConsumes = pick('ApiConsumes');
export const ApiCreatedResponse = pick('ApiCreatedResponse');
export const ApiExcludeController = pick('ApiExcludeController');
export const ApiExtraModels = pick('ApiExtraModels');
export const ApiForbiddenResponse = pick('ApiForbiddenResponse');
export const ApiNotFoundResponse = pick('ApiNotFoundResponse');
export const ApiNotImplementedResponse = pick('ApiNotImplementedResponse');
export const ApiOkResponse = pick('ApiOkResponse');
export const ApiOperation = pick('ApiOperation');
export const ApiParam = pick('ApiParam');
export const ApiPayloadTooLargeResponse = pick('ApiPayloadTooLargeResponse');
export const ApiProduces = pick('ApiProduces');
export const ApiProperty = pick('ApiProperty');
export const ApiPropertyOptional = pick('ApiPropertyOptional');
export const ApiResponse = pick('ApiResponse');
export const ApiSecurity = pick('ApiSecurity');
export const ApiServiceUnavailableResponse = pick('ApiServiceUnavailableResponse');
export const ApiTags = pick('ApiTags');
export const ApiUnauthorizedResponse = pick('ApiUnauthorizedResponse');
export const ApiUnsupportedMediaTypeResponse = pick('ApiUnsupportedMediaTypeResponse');
