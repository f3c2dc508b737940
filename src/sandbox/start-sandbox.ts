import { startCashySimulator } from './cashy/cashy-simulator';
import { FaultSettings } from './core/faults';
import { SimulatorHandle } from './core/simulator-server';
import { PAYPRO_OUTER } from './paypro/paypro-codes';
import { startPayproSimulator } from './paypro/paypro-simulator';

export type SandboxChannelCode = 'paypro-idn' | 'paypro-mex' | 'vexora-idn' | 'cashy-per';

export interface SandboxOptions {
  /**
   * Port of the first simulator; the others take the next three, in the order paypro-idn,
   * paypro-mex, vexora-idn, cashy-per. 0 gives each an ephemeral port. Default: env SANDBOX_PORT, else 4010.
   */
  basePort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Multiplies the documented callback retry schedules. Default 1. */
  timeScale?: number;
  /** Real ms from acceptance to completion. Default 2000. */
  completeAfterMs?: number;
  /** Seed of the first simulator; the others use the next seeds. Default 1. */
  seed?: number;
  /** Faults for every simulator (each can be changed later through its handle or control API). */
  faults?: FaultSettings;
  /**
   * Each gateway's available balance at start, as a decimal string in its currency. Default
   * 10000000.00 on cashy-per and 1000000000000.00 on the Paypro/Vexora ones (enough for any test
   * or demo load); change it later with POST /__sandbox/balance.
   */
  balances?: Partial<Record<SandboxChannelCode, string>>;
  log?: (line: string) => void;
}

/**
 * One channel configuration pointing at a simulator, in the plain shape PayoutsModule takes for a
 * channel (code, protocol, variant, currency, baseUrl, merchantId, secret, options). Declared here
 * so that the sandbox depends on nothing in src/payouts; being structural, it is accepted wherever
 * the module's channel configuration is.
 */
export interface SandboxChannelConfig {
  code: SandboxChannelCode;
  protocol: 'paypro' | 'vexora' | 'cashy';
  /** Paypro/Vexora only; absent for Cashy. */
  variant?: 'bank' | 'mexico';
  currency: string;
  baseUrl: string;
  merchantId: string;
  secret: string;
  /** utcOffset, and notFoundCodes + refusalCodes (Paypro/Vexora) or notFoundMessages (Cashy). */
  options: Record<string, unknown>;
}

export interface Sandbox {
  simulators: Readonly<Record<SandboxChannelCode, SimulatorHandle>>;
  /** Channel configurations pointing at the simulators, ready for PayoutsModule. */
  channels: SandboxChannelConfig[];
  close(): Promise<void>;
}

interface SandboxChannel {
  code: SandboxChannelCode;
  protocol: 'paypro' | 'vexora' | 'cashy';
  variant?: 'bank' | 'mexico';
  currency: string;
  /** As in the vendors' real sandbox base URLs (docs/gateways.md 1.2). */
  pathPrefix: string;
  merchantId: string;
  secret: string;
  utcOffset: string;
}

/** Obviously fake credentials; the Cashy MerchantId is an int, as the real one is. */
export const SANDBOX_CHANNELS: readonly SandboxChannel[] = [
  {
    code: 'paypro-idn',
    protocol: 'paypro',
    variant: 'bank',
    currency: 'IDR',
    pathPrefix: '/indonesia-pay',
    merchantId: 'SANDBOX-PAYPRO-IDN',
    secret: 'sandbox-secret-paypro-idn',
    utcOffset: '+07:00',
  },
  {
    code: 'paypro-mex',
    protocol: 'paypro',
    variant: 'mexico',
    currency: 'MXN',
    pathPrefix: '/mex-pay',
    merchantId: 'SANDBOX-PAYPRO-MEX',
    secret: 'sandbox-secret-paypro-mex',
    utcOffset: '-06:00',
  },
  {
    code: 'vexora-idn',
    protocol: 'vexora',
    variant: 'bank',
    currency: 'IDR',
    pathPrefix: '/indonesia',
    merchantId: 'SANDBOX-VEXORA-IDN',
    secret: 'sandbox-secret-vexora-idn',
    utcOffset: '+07:00',
  },
  {
    code: 'cashy-per',
    protocol: 'cashy',
    currency: 'PEN',
    pathPrefix: '',
    merchantId: '900001',
    secret: 'sandbox-apikey-cashy-per',
    utcOffset: '-05:00',
  },
];

/** The msg the Cashy simulator gives for an unknown order, also told to the channel so it reads it as "not found". */
const CASHY_NOT_FOUND_MSG = 'Order_not_exist';

/** Starts the four sandbox gateways and returns them with channel configurations that point at them. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const basePort = options.basePort ?? Number(process.env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65_532) throw new Error(`Invalid sandbox base port ${basePort}`);
  const started: SimulatorHandle[] = [];
  const simulators: Partial<Record<SandboxChannelCode, SimulatorHandle>> = {};
  try {
    for (const [index, channel] of SANDBOX_CHANNELS.entries()) {
      const common = {
        host: options.host,
        port: basePort === 0 ? 0 : basePort + index,
        timeScale: options.timeScale,
        completeAfterMs: options.completeAfterMs,
        seed: (options.seed ?? 1) + index,
        faults: options.faults,
        utcOffset: channel.utcOffset,
        merchantId: channel.merchantId,
        log: options.log && ((line: string) => options.log?.(`[${channel.code}] ${line}`)),
      };
      const handle =
        channel.protocol === 'cashy'
          ? await startCashySimulator({
              ...common,
              apiKey: channel.secret,
              notFoundMsg: CASHY_NOT_FOUND_MSG,
              balance: { balance: options.balances?.[channel.code] ?? '10000000.00' },
            })
          : await startPayproSimulator({
              ...common,
              balance: { available: options.balances?.[channel.code] ?? '1000000000000.00' },
              secret: channel.secret,
              brand: channel.protocol,
              variant: channel.variant,
              pathPrefix: channel.pathPrefix,
            });
      started.push(handle);
      simulators[channel.code] = handle;
    }
  } catch (err) {
    await Promise.all(started.map((handle) => handle.close()));
    throw err;
  }
  const all = simulators as Record<SandboxChannelCode, SimulatorHandle>;
  return {
    simulators: all,
    channels: SANDBOX_CHANNELS.map((channel) => channelConfig(channel, all[channel.code].url)),
    close: async () => {
      await Promise.all(started.map((handle) => handle.close()));
    },
  };
}

/**
 * Paypro outer codes the simulator gives only when it placed nothing, told to the channel as
 * definite refusals: the vendors publish no codes for these cases. The duplicate code is left out
 * on purpose: an order exists under that trade number. Cashy's documented messages are the defaults.
 */
const PAYPRO_REFUSAL_CODES = [PAYPRO_OUTER.SIGN_ERROR, PAYPRO_OUTER.MERCHANT_ERROR, PAYPRO_OUTER.PARAM_ERROR];

/** Options in the shape the providers read (utcOffset, notFoundCodes / notFoundMessages, refusalCodes). */
function channelConfig(channel: SandboxChannel, baseUrl: string): SandboxChannelConfig {
  const answers =
    channel.protocol === 'cashy'
      ? { notFoundMessages: [CASHY_NOT_FOUND_MSG] }
      : { notFoundCodes: [PAYPRO_OUTER.ORDER_NOT_FOUND], refusalCodes: PAYPRO_REFUSAL_CODES };
  return {
    code: channel.code,
    protocol: channel.protocol,
    ...(channel.variant ? { variant: channel.variant } : {}),
    currency: channel.currency,
    baseUrl,
    merchantId: channel.merchantId,
    secret: channel.secret,
    options: { utcOffset: channel.utcOffset, ...answers },
  };
}
