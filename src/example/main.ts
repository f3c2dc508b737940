import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { relative } from 'node:path';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { createHttpAdapter, configureHttp } from './http-setup';
import { loadAppConfig } from './app.config';
import { loggingOptions } from './ops/logging';
import { setupOpenApi } from './ops/openapi';
import { seedDemoPayouts } from './demo-payouts';
import { PayoutService } from '../payouts';

/** The example host app: `npm start`. See README.md for the environment variables. */
async function bootstrap(): Promise<void> {
  const config = await loadAppConfig(process.env);
  const app = await NestFactory.create(
    AppModule.forRoot(config.database, config.payouts, loggingOptions(process.env)),
    createHttpAdapter(config.adapter),
    { rawBody: true, bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  configureHttp(app);
  setupOpenApi(app, config.version);
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');
  const url = `http://localhost:${config.port}`;
  const log = new Logger('Example');
  log.log(`Payouts example app on ${url} (${config.adapter}, ${config.databaseLabel})`);
  log.log(`Dashboard ${url}/dashboard · API docs ${url}/docs · health ${url}/health · metrics ${url}/metrics`);
  log.log(`Channels: ${config.payouts.channels.map((c) => `${c.code} (${c.protocol}, ${c.currency})`).join(', ')}`);
  log.log(`Payout events: ${config.payouts.events?.publisher?.target ?? 'in process (@OnPayoutEvent handlers, EventEmitter2)'}; PAYOUTS_EVENTS_URL picks a broker or webhook`);
  if (config.sandbox) {
    log.log(`Sandbox gateways: ${config.sandbox}`);
    // A sandbox key (sandbox gateways, no real money): shown so the first curl works.
    if (config.keyFile) log.log(`API key (x-api-key, kept in ${relative(process.cwd(), config.keyFile)}): ${config.payouts.apiKey}`);
    // Only with the sandbox: the sample carries example account data that a real deployment must never log.
    log.log(`Try: ${config.sampleCurl(url, config.payouts.channels[0].code)}`);
    if (process.env.SANDBOX_DEMO !== '0') {
      const created = await seedDemoPayouts(app.get(PayoutService));
      if (created) log.log(`Sent ${created} demo payouts through the sandbox gateways: see ${url}/dashboard (SANDBOX_DEMO=0 skips this)`);
    }
  }
}

bootstrap().catch((error) => {
  // Boot errors (a wrong channel configuration) name the channel and field: show them plainly.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
