import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/example/app.module';
import { databaseOptions } from '../src/example/database.config';
import { PayoutPoller } from '../src/payouts';
import { BENCH_API_KEY, benchChannel } from './channel';
import { serveChild } from './processes';

/**
 * The example app's module without HTTP, its poller driven by hand: `drain` runs PayoutPoller.pollOnce
 * until a round finds nothing due. Default batch (200) and concurrency (16); the per-channel rate
 * limit (50 queries/s, a courtesy to real gateways) is lifted, since it would be all this measured.
 */
serveChild(async () => {
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(databaseOptions(process.env), {
      channels: [benchChannel(String(process.env.GATEWAY_URL))],
      publicBaseUrl: 'http://callbacks.invalid',
      apiKey: BENCH_API_KEY,
      polling: { enabled: false, ratePerChannel: 0 },
      events: { enabled: false },
    }),
    { logger: false },
  );
  const poller = app.get(PayoutPoller);
  process.on('message', () => {
    void (async () => {
      const started = performance.now();
      let worked = 0;
      for (let n = await poller.pollOnce(); n > 0; n = await poller.pollOnce()) worked += n;
      process.send?.({ type: 'drained', worked, ms: performance.now() - started });
    })().catch((error: unknown) => process.send?.({ type: 'error', message: String(error) }));
  });
  return { ready: {}, close: () => app.close() };
});
