import { BENCH_API_KEY } from './channel';
import autocannon from 'autocannon';
import { createBody, seededTradeNo, successCallbackBody } from './requests';
import { serveChild } from './processes';

/** What one load run asks for: creates with fresh merchant references, or callbacks for seeded payouts. */
export interface LoadSpec {
  url: string;
  kind: 'create' | 'callback';
  connections: number;
  durationS: number;
  /** Merchant references (create) or seeded trade numbers (callback) start with this. */
  prefix: string;
  /** Callbacks: how many payouts the set holds. */
  pool?: number;
  /** Where this run's numbering starts: the requests of earlier runs on the same set come before. */
  first?: number;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  /** Response time of every 2xx answer, in ms. */
  latencies: number[];
  non2xx: number;
  errors: number;
  /** Requests sent, so the next run on the same set starts after them. */
  sent: number;
  /** Callbacks: the pool ran out and some payouts got a second delivery (a duplicate, cheaper). */
  exhausted: boolean;
}

/** The load generator, in its own process: autocannon driven by IPC `run` messages. */
serveChild(async () => {
  process.on('message', (spec: LoadSpec) => {
    run(spec).then(
      (result) => process.send?.({ type: 'result', ...result }),
      (error: unknown) => process.send?.({ type: 'error', message: String(error) }),
    );
  });
  return { ready: {} };
});

async function run(spec: LoadSpec): Promise<LoadResult> {
  let n = spec.first ?? 0;
  let exhausted = false;
  const pool = spec.pool ?? 1;
  const body = () => {
    const i = n++;
    if (spec.kind === 'create') return createBody(`${spec.prefix}-${i}`);
    if (i >= pool) exhausted = true;
    return successCallbackBody(seededTradeNo(spec.prefix, i % pool));
  };
  const url = new URL(spec.url);
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections: spec.connections,
        duration: spec.durationS,
        requests: [
          {
            method: 'POST',
            path: url.pathname,
            headers: { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY },
            setupRequest: (req) => ({ ...req, body: body() }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  return {
    requests: result['2xx'],
    durationS: result.duration,
    latencies,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    sent: n - (spec.first ?? 0),
    exhausted,
  };
}
