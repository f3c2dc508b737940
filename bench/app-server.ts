import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/example/app.module';
import { databaseOptions } from '../src/example/database.config';
import { AdapterName, configureHttp, createHttpAdapter } from '../src/example/http-setup';
import { BENCH_API_KEY, benchChannel } from './channel';
import { serveChild } from './processes';

/**
 * The example host app as `npm start` builds it, on GATEWAY_URL: poller and event dispatcher off
 * (the floor has neither), logger off. DATABASE_URL or SQLITE_PATH picks the database.
 */
serveChild(async () => {
  const adapter = (process.env.HTTP_ADAPTER ?? 'express') as AdapterName;
  const app = await NestFactory.create(
    AppModule.forRoot(databaseOptions(process.env), {
      channels: [benchChannel(String(process.env.GATEWAY_URL))],
      // Nothing calls a non-loopback URL back: no callback lands mid-run.
      publicBaseUrl: 'http://callbacks.invalid',
      apiKey: BENCH_API_KEY,
      polling: { enabled: false },
      events: { enabled: false },
    }),
    createHttpAdapter(adapter),
    { rawBody: true, logger: false },
  );
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  return { ready: { url: await app.getUrl() }, close: () => app.close() };
});
