import { INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { PayoutsExceptionFilter } from '../payouts';
import { requestIdFor } from './ops/request-id';

export type AdapterName = 'express' | 'fastify';

/** JSON bodies above this are refused with 413 before any work is done. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export function createHttpAdapter(name: AdapterName): ExpressAdapter | FastifyAdapter {
  return name === 'fastify' ? new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, genReqId: requestIdFor }) : new ExpressAdapter();
}

/**
 * What a host app sets up around the module: a body size limit, and the module's error shape
 * for errors raised before a route runs (malformed JSON, oversized bodies).
 */
export function configureHttp(app: INestApplication): void {
  // Fastify's limit is set on the adapter (createHttpAdapter); express's on its JSON parser.
  if (app.getHttpAdapter().getType() === 'express') (app as NestExpressApplication).useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  else {
    // Express answers with the request id from the logger (ops/logging.ts); fastify made its own.
    (app as NestFastifyApplication).getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      done();
    });
  }
  app.useGlobalFilters(new PayoutsExceptionFilter(app.get(HttpAdapterHost)));
}
