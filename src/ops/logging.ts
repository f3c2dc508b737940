import { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { requestIdFor } from './request-id';

/**
 * Where secrets and personal data could appear in a log object. Request headers carry the API
 * key and gateway signatures; bodies and payout objects carry account, CCI, id and phone numbers.
 * LOG_REDACT adds paths (comma-separated, pino syntax).
 */
export const REDACTED_LOG_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.sign',
  'res.headers["set-cookie"]',
  ...['secret', 'apiKey', 'password', 'sign', 'accountNumber', 'cci', 'idNumber', 'phone', 'email'].flatMap((key) => [
    key,
    `*.${key}`,
    `*.*.${key}`,
    `*.*.*.${key}`,
  ]),
];

/**
 * nestjs-pino settings for the example app: one JSON line per request and per log call, with the
 * request id (`x-request-id` when the caller sent a sane one, else a new UUID, echoed back) on
 * every line logged while the request runs, and the paths above replaced by "[redacted]".
 */
export function loggingOptions(env: NodeJS.ProcessEnv, stream?: DestinationStream): Params {
  const extra = (env.LOG_REDACT ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return {
    pinoHttp: [
      {
        // Lines logged during a request carry its id only; the request line itself has the details.
        quietReqLogger: true,
        level: env.LOG_LEVEL ?? 'info',
        redact: { paths: [...REDACTED_LOG_PATHS, ...extra], censor: '[redacted]' },
        // Under fastify the request already has its id (http-setup.ts gives fastify the same rule).
        genReqId: (req: IncomingMessage & { id?: string }, res: ServerResponse) => {
          const id = req.id ?? requestIdFor(req);
          res.setHeader('x-request-id', id);
          return id;
        },
        customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        // Probes and scrapes every few seconds would drown the payouts' own lines.
        autoLogging: { ignore: (req) => /^\/(health|metrics)\b/.test(req.url ?? '') },
      },
      ...(stream ? [stream] : []),
    ] as Params['pinoHttp'],
  };
}
