import { Readable } from 'node:stream';

/** What a boot check needs of Nest's HTTP adapter (HttpAdapterHost.httpAdapter). */
interface HttpAdapterLike {
  getType(): string;
  getInstance(): unknown;
}

type Done = (error?: unknown) => void;
type ExpressMiddleware = (req: unknown, res: unknown, next: Done) => void;
interface FastifyParser {
  asString: boolean;
  asBuffer: boolean;
  fn: (request: unknown, body: unknown, done: Done) => unknown;
}

const PROBE = Buffer.from('{}');
/** A parser that has not answered by then is left alone: the boot is never held up by the probe. */
const PROBE_TIMEOUT_MS = 2000;

const RAW_BODY_PROBLEM =
  'callbacks are verified over the exact bytes the gateway sent, and this app does not keep a JSON body’s raw bytes: ' +
  'create it with NestFactory.create(AppModule, { rawBody: true }) (or, with bodyParser: false and a JSON parser of your own, keep them as req.rawBody)';

/**
 * Runs a `{}` JSON body through the JSON parser the app will use (the one Nest registered at init,
 * before any lifecycle hook, or the host's own) and tells whether the request came out with
 * `rawBody`. Nest keeps the `rawBody` option only inside the application object, so the parser's
 * behaviour is the one thing a module can check. Undefined when it cannot tell (another adapter,
 * no parser found, a parser that works on streams): the callback endpoint still refuses then.
 */
export async function rawBodyProblem(adapter: HttpAdapterLike | undefined): Promise<string | undefined> {
  const type = adapter?.getType();
  const keeps = type === 'express' ? expressKeepsRawBody(adapter?.getInstance()) : type === 'fastify' ? fastifyKeepsRawBody(adapter?.getInstance()) : undefined;
  return (await keeps) === false ? RAW_BODY_PROBLEM : undefined;
}

/** Express: the first body-parser JSON middleware on the app's router, where Nest puts it. */
async function expressKeepsRawBody(app: unknown): Promise<boolean | undefined> {
  const stack = (app as { router?: { stack?: { handle?: ExpressMiddleware }[] } }).router?.stack ?? [];
  const parser = stack.find((layer) => layer.handle?.name === 'jsonParser')?.handle;
  if (!parser) return undefined;
  const req = Object.assign(Readable.from([PROBE]), {
    headers: { 'content-type': 'application/json', 'content-length': String(PROBE.length) },
    rawBody: undefined as unknown,
  });
  return (await settled((done) => parser(req, {}, done))) ? Buffer.isBuffer(req.rawBody) : undefined;
}

/** Fastify: the content-type parser for application/json (fastify's own, or the one Nest added). */
async function fastifyKeepsRawBody(instance: unknown): Promise<boolean | undefined> {
  const parser = fastifyJsonParser(instance);
  if (!parser || !(parser.asString || parser.asBuffer)) return undefined;
  const request: { rawBody?: unknown } = {};
  const body = parser.asString ? PROBE.toString('utf8') : PROBE;
  return (await settled((done) => parser.fn(request, body, done))) ? Buffer.isBuffer(request.rawBody) : undefined;
}

/**
 * Fastify has no public getter for a registered parser: its registry sits under its own
 * `fastify.contentTypeParser` symbol (fastify 4 and 5). Read only, never through getParser, whose
 * cache would then hold the parser.
 */
function fastifyJsonParser(instance: unknown): FastifyParser | undefined {
  if (!instance || typeof instance !== 'object') return undefined;
  const symbol = Object.getOwnPropertySymbols(instance).find((s) => s.description === 'fastify.contentTypeParser');
  const registry = symbol && (instance as Record<symbol, { customParsers?: Map<string, FastifyParser> } | undefined>)[symbol];
  return registry?.customParsers?.get('application/json');
}

/** True once `run` called back without an error; false on an error, a throw or no answer in time. */
function settled(run: (done: Done) => unknown): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    const done: Done = (error) => {
      clearTimeout(timer);
      resolve(!error);
    };
    try {
      run(done);
    } catch {
      done(true);
    }
  });
}
