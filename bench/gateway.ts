import { startPayproSimulator } from '../src/sandbox';
import { CHANNEL } from './config';
import { serveChild } from './processes';

/**
 * The Paypro Indonesia simulator in its own process, answering at once. COMPLETE_AFTER_MS sets
 * when its orders complete: an hour for create runs, so no callback reaches the app mid-run. Its
 * balance is as large as it takes: a short one would have the module queue creates unsent.
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
    // Funds never run short here: every create is sent (and pays its funds reservation), none is queued.
    balance: { available: '9999999999999.00' },
  });
  return { ready: { url: simulator.url }, close: () => simulator.close() };
});
