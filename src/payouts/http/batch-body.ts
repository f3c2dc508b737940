import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { BatchTooLargeError } from '../domain/errors';

/**
 * CSV batch bodies are read by the module itself, with this limit, whatever the host's JSON body
 * limit: 10,000 rows of long names and e-mails fit, the JSON of the same rows would not fit most
 * hosts' limits (README, Batches).
 */
export const MAX_CSV_BYTES = 8 * 1024 * 1024;

export const CSV_TOO_LARGE = `A CSV batch body is at most ${MAX_CSV_BYTES / 1024 / 1024} MiB (about 10,000 rows): split the file`;

/** The request as the batch endpoint reads it, on express (a stream) and fastify (parsed by the parser below). */
export interface BatchRequest extends AsyncIterable<Buffer | string> {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  ip?: string;
}

/** A CSV body as text: given by fastify's parser (or a host's text parser), else read from the stream up to MAX_CSV_BYTES. */
export async function csvBodyOf(req: BatchRequest): Promise<string> {
  if (typeof req.body === 'string') return req.body;
  if (Buffer.isBuffer(req.body)) return req.body.toString('utf8');
  if (Number(req.headers['content-length'] ?? 0) > MAX_CSV_BYTES) throw new BatchTooLargeError(CSV_TOO_LARGE);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_CSV_BYTES) throw new BatchTooLargeError(CSV_TOO_LARGE);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface FastifyLike {
  hasContentTypeParser(type: string): boolean;
  addContentTypeParser(type: string, options: { parseAs: 'string'; bodyLimit: number }, parser: (req: unknown, body: string, done: (error: Error | null, body?: string) => void) => void): void;
}

/**
 * Fastify refuses a content type it has no parser for (415): a text/csv parser is added with the
 * module's own limit, unless the host has one already. Express leaves text/csv bodies unread, so
 * csvBodyOf reads the stream.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyLike>();
    if (fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_req, body, done) => done(null, body));
  }
}
