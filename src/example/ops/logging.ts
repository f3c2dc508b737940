import { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { PERSONAL_FIELDS, REDACTED, SECRET_FIELDS } from '../../payouts';
import { requestIdFor } from './request-id';

/** A pino redaction path for `key` under `depth` ("", "*", "*.*"…): bracketed when not an identifier. */
const redactPath = (depth: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? (depth ? `${depth}.${key}` : key) : `${depth}["${key}"]`;

/**
 * Where secrets and personal data could appear in a log object: the fields the module masks in
 * what it stores (domain/masking.ts), at up to four levels (`req.headers["x-api-key"]` is two),
 * and cookies. LOG_REDACT adds paths (comma-separated, pino syntax).
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...[...SECRET_FIELDS, ...PERSONAL_FIELDS].flatMap((key) => ['', '*', '*.*', '*.*.*'].map((depth) => redactPath(depth, key))),
];

/**
 * nestjs-pino settings for the example app: one JSON line per request and per log call, with the
 * request id (`x-request-id` when the caller sent a sane one, else a new UUID, echoed back) on
 * every line logged while the request runs, and the paths above replaced by REDACTED.
 */
export function loggingOptions(env: NodeJS.ProcessEnv, stream?: DestinationStream): Params {
  const extra = (env.LOG_REDACT ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return {
    // Every route, stated: nestjs-pino 5's default route ('{/*splat}') matches nothing under
    // Nest 12's fastify adapter, so requests there were neither logged nor given their id.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: [
      {
        // Lines logged during a request carry its id only; the request line itself has the details.
        quietReqLogger: true,
        level: env.LOG_LEVEL ?? 'info',
        redact: { paths: [...REDACTED_LOG_PATHS, ...extra], censor: REDACTED },
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
