import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { CONTROL_PREFIX, checkOutcomePlan, handleControl } from './control-api';
import { FaultSettings, checkFaultSettings } from './faults';
import { readBody, sendSpringError } from './http-io';
import { Ledger, LedgerOrder, OutcomePlan, SimulatorCounters } from './ledger';
import { EngineOptions, OrderEngine } from './order-engine';

/** Options every simulator takes. */
export interface SimulatorOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Multiplies the documented callback retry schedule (hours in production): 0.001 in tests. Default 1. */
  timeScale?: number;
  /** Real milliseconds from acceptance to completion. Default 2000. */
  completeAfterMs?: number;
  /** PRNG seed: the same seed and request order give the same references and faults. Default 1. */
  seed?: number;
  faults?: FaultSettings;
  /** The gateway's local time zone for its timestamps, as "+07:00". Default per protocol. */
  utcOffset?: string;
  /** How long the merchant may take to answer one callback. Default 10000 (Paypro asks for an answer within ~10 s). */
  callbackTimeoutMs?: number;
  /** Receives one line per accepted order, completion and callback attempt. */
  log?: (line: string) => void;
}

/** A running simulator. */
export interface SimulatorHandle {
  /** The base URL a channel is configured with, including any path prefix. */
  readonly url: string;
  /** http://host:port, where the control endpoints live (also under the path prefix). */
  readonly origin: string;
  readonly port: number;
  readonly ledger: Ledger;
  /** Live counters (zeroed in place by reset). */
  readonly counters: SimulatorCounters;
  /** Replaces the fault settings; throws on an unknown knob or an out-of-range value. */
  setFaults(settings: FaultSettings): void;
  /** How the order with this trade number ends; may be set before it is created. */
  setOutcome(tradeNo: string, plan: OutcomePlan): void;
  /** Completes a processing order now (by its plan, or the plan given); returns the order if known. */
  complete(tradeNo: string, plan?: OutcomePlan): LedgerOrder | undefined;
  /** Returns a succeeded order now (Paypro failure status, Cashy FAIL/PAYMENT_OFFSET). */
  lateReturn(tradeNo: string): LedgerOrder | undefined;
  /** Empties the ledger, restores the initial faults, reseeds the PRNG, drops pending callbacks. */
  reset(): void;
  /** Stops the server, drops held connections and clears every timer. */
  close(): Promise<void>;
}

/** One HTTP request as the protocol routes see it. */
export interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** The path with the simulator's prefix removed. */
  path: string;
  /** The request path as sent, for error bodies. */
  fullPath: string;
  rawBody: string;
}

export type ProtocolRoutes = (exchange: Exchange) => Promise<void>;

/** Options with the shared defaults applied, in the engine's terms; the balance is each protocol's own option. */
export function engineOptions(options: SimulatorOptions, balanceCents: number): EngineOptions {
  return {
    balanceCents,
    timeScale: options.timeScale ?? 1,
    completeAfterMs: options.completeAfterMs ?? 2_000,
    seed: options.seed ?? 1,
    faults: options.faults ?? {},
    callbackTimeoutMs: options.callbackTimeoutMs ?? 10_000,
    log: options.log,
  };
}

/** Starts the HTTP server for one simulator: control endpoints plus the protocol's routes under its prefix. */
export async function startSimulatorServer(
  engine: OrderEngine,
  routes: ProtocolRoutes,
  options: { host?: string; port?: number; pathPrefix?: string },
): Promise<SimulatorHandle> {
  const faultProblems = checkFaultSettings(engine.options.faults);
  if (faultProblems.length > 0) throw new Error(`Invalid sandbox faults: ${faultProblems.join('; ')}`);
  const host = options.host ?? '127.0.0.1';
  const prefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
  if (prefix !== '' && !prefix.startsWith('/')) throw new Error(`pathPrefix must start with "/": ${prefix}`);

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const fullPath = new URL(req.url ?? '/', 'http://sandbox').pathname;
    const prefixed = prefix !== '' && fullPath.startsWith(`${prefix}/`);
    const path = prefixed ? fullPath.slice(prefix.length) : fullPath;
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      return sendSpringError(res, 413, fullPath);
    }
    try {
      if (path.startsWith(CONTROL_PREFIX)) {
        return handleControl(engine, req.method ?? 'GET', path.slice(CONTROL_PREFIX.length), rawBody, res);
      }
      // The gateway lives under its prefix: a client that drops it gets the 404 the real host would give.
      if (prefix !== '' && !prefixed) return sendSpringError(res, 404, fullPath);
      await routes({ req, res, path, fullPath, rawBody });
    } catch (err) {
      engine.options.log?.(`error on ${fullPath}: ${err instanceof Error ? err.stack : String(err)}`);
      sendSpringError(res, 500, fullPath);
    }
  };
  const server = http.createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${prefix}`,
    origin,
    port,
    ledger: engine.ledger,
    counters: engine.ledger.counters,
    setFaults(settings) {
      const problems = checkFaultSettings(settings);
      if (problems.length > 0) throw new Error(`Invalid sandbox faults: ${problems.join('; ')}`);
      engine.setFaults(settings);
    },
    setOutcome(tradeNo, plan) {
      const problems = checkOutcomePlan(plan, engine.behaviour.reservedCodes);
      if (problems.length > 0) throw new Error(`Invalid outcome for ${tradeNo}: ${problems.join('; ')}`);
      engine.setOutcome(tradeNo, plan);
    },
    complete: (tradeNo, plan) => engine.complete(tradeNo, plan),
    lateReturn: (tradeNo) => engine.lateReturn(tradeNo),
    reset: () => engine.reset(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        engine.close();
        server.close(() => resolve());
        // Held (timed-out) requests and idle keep-alive sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
