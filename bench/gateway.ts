import { startPayproSimulator } from '../src/sandbox';
import { CHANNEL } from './config';
import { serveChild } from './processes';

/**
 * The Paypro Indonesia simulator in its own process, answering at once. COMPLETE_AFTER_MS sets
 * when its orders complete: an hour for create runs, so no callback reaches the app mid-run.
 */
serveChild(async () => {
  const simulator = await startPayproSimulator({
    port: 0,
    completeAfterMs: Number(process.env.COMPLETE_AFTER_MS ?? 3_600_000),
    seed: Date.now() % 2_147_483_647,
    merchantId: CHANNEL.merchantId,
    secret: CHANNEL.secret,
    brand: 'paypro',
    variant: 'bank',
    pathPrefix: CHANNEL.pathPrefix,
    utcOffset: CHANNEL.utcOffset,
  });
  return { ready: { url: simulator.url }, close: () => simulator.close() };
});
