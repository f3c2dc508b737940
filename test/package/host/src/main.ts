import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addPayoutsApiKey } from 'nestjs-payouts/openapi';
import { AppModule } from './app.module.js';

async function bootstrap() {
  const adapter = process.env.HTTP_ADAPTER === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  // rawBody: callbacks are verified over the exact bytes the gateway sent.
  const app = await NestFactory.create(AppModule, adapter, { rawBody: true });
  app.setGlobalPrefix('api');
  const document = SwaggerModule.createDocument(app, addPayoutsApiKey(new DocumentBuilder().setTitle('Host')).build());
  SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'], useGlobalPrefix: true });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  console.log(`host ready on ${await app.getUrl()}`);
}
bootstrap().catch((error) => {
  console.error(error);
  process.exit(1);
});
