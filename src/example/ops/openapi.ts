import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addPayoutsApiKey } from '../../payouts/openapi';

/** Swagger UI at /docs and the OpenAPI JSON at /docs-json, built from the controllers' decorators. */
export function setupOpenApi(app: INestApplication, version: string): void {
  const document = new DocumentBuilder()
    .setTitle('Payouts')
    .setDescription(
      'Send money to bank accounts and wallets through Paypro, Vexora and Cashy. Amounts are decimal strings in major ' +
        'units; account data comes back masked. A payout whose outcome is not known yet is UNKNOWN, never FAILED. ' +
        'Errors always have the ErrorView shape.',
    )
    .setVersion(version);
  const config = addPayoutsApiKey(document, 'Only when the app is configured with an API key').build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: 'Payouts API',
  });
}
