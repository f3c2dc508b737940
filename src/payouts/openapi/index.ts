// `nestjs-payouts/openapi`: for hosts that build an OpenAPI document with @nestjs/swagger.
import type { DocumentBuilder } from '@nestjs/swagger';
import { API_KEY_HEADER, API_KEY_SCHEME } from './api-key-scheme';

export { API_KEY_SCHEME as PAYOUTS_API_KEY_SCHEME } from './api-key-scheme';

/**
 * Declares the security scheme the module's endpoints refer to (`x-api-key`), so Swagger UI
 * offers the key field: `addPayoutsApiKey(new DocumentBuilder().setTitle('My API')).build()`.
 */
export function addPayoutsApiKey(builder: DocumentBuilder, description = 'A payouts API key'): DocumentBuilder {
  return builder.addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER, description }, API_KEY_SCHEME);
}
