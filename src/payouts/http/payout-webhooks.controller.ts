import { Controller, Headers, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiServiceUnavailableResponse, ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { PayoutWebhookService } from '../payout-webhook.service';
import { ErrorView } from './api-models';
import { assertJsonDepth } from './json-depth';
import { PayoutsExceptionFilter } from './payouts-exception.filter';

interface ReplySettable {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/**
 * Gateway callbacks. Never behind the API key: each is verified by the gateway's signature.
 * Needs the raw body (`NestFactory.create(AppModule, { rawBody: true })`): Cashy signs the exact bytes.
 */
@ApiTags('callbacks')
@Controller()
@UseFilters(PayoutsExceptionFilter)
export class PayoutWebhooksController {
  constructor(private readonly webhooks: PayoutWebhookService) {}

  @Post(':channel')
  @HttpCode(200)
  @ApiOperation({
    summary: "A gateway's status callback for one channel",
    description:
      'Called by the gateway, not by you: give it `<publicBaseUrl>/payouts/webhooks/<channel>`. The body is the gateway\'s own ' +
      'signed JSON (Paypro: header `sign`; Cashy: `Sign` field). Verified, recorded, then applied; answered with the exact ' +
      'acknowledgement the gateway expects (Paypro `SUCCESS`, Cashy `{"code":"0000"}`).',
  })
  @ApiParam({ name: 'channel', example: 'paypro-idn' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, description: "The gateway's signed callback JSON" })
  @ApiOkResponse({ description: "Taken (applied, a duplicate, or not ours): the gateway's acknowledgement", schema: { type: 'string', example: 'SUCCESS' } })
  @ApiBadRequestResponse({ type: ErrorView, description: 'Malformed callback' })
  @ApiUnauthorizedResponse({ type: ErrorView, description: 'Bad signature or merchant id: nothing applied' })
  @ApiNotFoundResponse({ type: ErrorView, description: 'No such channel' })
  @ApiServiceUnavailableResponse({ type: ErrorView, description: 'Database unavailable: not acknowledged, so the gateway retries' })
  async receive(
    @Param('channel') channel: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Req() req: { rawBody?: Buffer; body?: unknown },
    @Res({ passthrough: true }) res: ReplySettable,
  ): Promise<string> {
    // Providers parse the raw bytes again, and masking and the inbox copy recurse per level.
    assertJsonDepth(req.body);
    const answer = await this.webhooks.receive(channel, headers, req.rawBody);
    res.status(answer.status);
    res.header('content-type', answer.contentType);
    return answer.body;
  }
}
