import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createServer } from 'node:net';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppModule } from '../../src/example/app.module';
import { AdapterName, configureHttp, createHttpAdapter } from '../../src/example/http-setup';
import { setupOpenApi } from '../../src/example/ops/openapi';
import { Logger as PinoLogger, Params as LoggingOptions } from 'nestjs-pino';
import { ChannelConfig, OutboxDispatcher, PayoutPoller, PayoutProviderRegistry, PayoutService, PayoutsModuleOptions } from '../../src/payouts';
import { PayoutStateService } from '../../src/payouts/lifecycle/payout-state.service';
import { testDatabaseOptions } from './test-database';

export interface TestApp {
  app: INestApplication;
  url: string;
  service: PayoutService;
  /** The one writer of payout state (applies reports through the state machine). */
  state: PayoutStateService;
  poller: PayoutPoller;
  dispatcher: OutboxDispatcher;
  registry: PayoutProviderRegistry;
  dataSource: DataSource;
  close(): Promise<void>;
}

export const FAKE_CHANNEL: ChannelConfig = { code: 'fake-idr', protocol: 'fake', currency: 'IDR', secret: 'fake-secret' };

/** A port that was free a moment ago: the module needs its public URL before it listens. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The example host app, listening on loopback, with the poller and dispatcher off unless asked for. */
export async function createTestApp(
  options: {
    adapter?: AdapterName;
    channels?: ChannelConfig[];
    payouts?: Partial<PayoutsModuleOptions>;
    database?: DataSourceOptions;
    logger?: LoggerService;
    /** A route prefix for the whole app, as a host may set with app.setGlobalPrefix. */
    globalPrefix?: string;
    /** nestjs-pino settings: the app then logs through pino, as the example app does. */
    logging?: LoggingOptions;
  } = {},
): Promise<TestApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const payouts: PayoutsModuleOptions = {
    channels: options.channels ?? [FAKE_CHANNEL],
    // Under a global prefix the callback route carries it, and the module checks that publicBaseUrl says so.
    publicBaseUrl: options.globalPrefix ? `${url}/${options.globalPrefix}` : url,
    ...options.payouts,
    polling: { enabled: false, ...options.payouts?.polling },
    events: { enabled: false, ...options.payouts?.events },
  };
  // Suites about something else run the API open, on purpose; a suite that configures access gets it closed.
  const open = !payouts.apiKey && !payouts.apiKeys?.length && !payouts.principal && !payouts.guards?.length;
  const app = await NestFactory.create(
    AppModule.forRoot(options.database ?? testDatabaseOptions(), payouts, options.logging, { allowUnauthenticated: open }),
    createHttpAdapter(options.adapter ?? 'express'),
    { rawBody: true, logger: options.logger ?? false, bufferLogs: Boolean(options.logging) },
  );
  if (options.logging) app.useLogger(app.get(PinoLogger));
  configureHttp(app);
  if (options.globalPrefix) app.setGlobalPrefix(options.globalPrefix);
  setupOpenApi(app, 'test');
  await app.listen(port, '127.0.0.1');
  return {
    app,
    url,
    service: app.get(PayoutService),
    state: app.get(PayoutStateService),
    poller: app.get(PayoutPoller),
    dispatcher: app.get(OutboxDispatcher),
    registry: app.get(PayoutProviderRegistry),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

export const ADAPTERS: AdapterName[] = ['express', 'fastify'];
