import { parseMajorAmount } from '../domain/money';
import { ChannelConfig } from '../providers/channel-config';

/**
 * A channel's maker-checker rule: a payout over `over` (major units, the channel's currency)
 * needs `approvals` approvals by distinct principals, none of them its creator. The highest
 * threshold a payout passes decides. Unapproved payouts are cancelled after `expiresAfterMs`.
 */
export interface ApprovalPolicy {
  thresholds: { over: string; approvals: number }[];
  /**
   * A beneficiary account's payouts on this channel over the last 24 hours (not failed or
   * cancelled, this one included): past `amount` (major units) or `count`, the payout waits for
   * `approvals` (default 1) whatever its size.
   */
  perBeneficiaryDaily?: { amount?: string; count?: number; approvals?: number };
  /** Default 72 hours. */
  expiresAfterMs?: number;
}

const DEFAULT_EXPIRY_MS = 72 * 3_600_000;
const MAX_APPROVALS = 5;

/** A policy checked against its channel, in minor units. */
export interface CompiledPolicy {
  thresholds: { overMinor: number; approvals: number }[];
  daily?: { amountMinor?: number; count?: number; approvals: number };
  expiresAfterMs: number;
}

/** Every channel's policy, checked at boot: an unknown channel, an amount that does not parse or a count out of range stops it. */
export function compilePolicies(policies: Record<string, ApprovalPolicy> | undefined, channels: readonly ChannelConfig[]): Map<string, CompiledPolicy> {
  const compiled = new Map<string, CompiledPolicy>();
  for (const [code, policy] of Object.entries(policies ?? {})) {
    const where = `Payouts option approvals["${code}"]`;
    const channel = channels.find((c) => c.code === code);
    if (!channel) throw new Error(`${where}: no channel has this code; configured: ${channels.map((c) => c.code).join(', ')}`);
    if (!Array.isArray(policy?.thresholds) || !policy.thresholds.length) throw new Error(`${where}: thresholds must list at least one { over, approvals }`);
    const thresholds = policy.thresholds.map((t, i) => {
      const amount = parseMajorAmount(String(t?.over), channel.currency);
      if ('problem' in amount) throw new Error(`${where}.thresholds[${i}].over: ${amount.problem.problem}`);
      if (!Number.isInteger(t.approvals) || t.approvals < 1 || t.approvals > MAX_APPROVALS) {
        throw new Error(`${where}.thresholds[${i}].approvals must be a whole number from 1 to ${MAX_APPROVALS}`);
      }
      return { overMinor: amount.minor, approvals: t.approvals };
    });
    const daily = policy.perBeneficiaryDaily && compileDaily(policy.perBeneficiaryDaily, channel.currency, `${where}.perBeneficiaryDaily`);
    const expiresAfterMs = policy.expiresAfterMs ?? DEFAULT_EXPIRY_MS;
    if (!Number.isSafeInteger(expiresAfterMs) || expiresAfterMs < 1) throw new Error(`${where}.expiresAfterMs must be a whole number of milliseconds ≥ 1`);
    compiled.set(code, { thresholds, daily, expiresAfterMs });
  }
  return compiled;
}

function compileDaily(daily: NonNullable<ApprovalPolicy['perBeneficiaryDaily']>, currency: string, where: string): CompiledPolicy['daily'] {
  let amountMinor: number | undefined;
  if (daily.amount !== undefined) {
    const amount = parseMajorAmount(String(daily.amount), currency);
    if ('problem' in amount) throw new Error(`${where}.amount: ${amount.problem.problem}`);
    amountMinor = amount.minor;
  }
  if (daily.count !== undefined && (!Number.isSafeInteger(daily.count) || daily.count < 1)) throw new Error(`${where}.count must be a whole number ≥ 1`);
  if (amountMinor === undefined && daily.count === undefined) throw new Error(`${where}: give amount, count or both`);
  const approvals = daily.approvals ?? 1;
  if (!Number.isInteger(approvals) || approvals < 1 || approvals > MAX_APPROVALS) throw new Error(`${where}.approvals must be a whole number from 1 to ${MAX_APPROVALS}`);
  return { amountMinor, count: daily.count, approvals };
}

/** A beneficiary's payouts of the last 24 hours on the channel, this one not included. */
export interface BeneficiaryDay {
  count: number;
  amountMinor: number;
}

/**
 * How many approvals a payout of `amountMinor` needs under `policy` (0: none, it is sent at
 * once). `day` is asked for only when the policy has a daily limit.
 */
export async function requiredApprovals(policy: CompiledPolicy | undefined, amountMinor: number, day: () => Promise<BeneficiaryDay>): Promise<number> {
  let required = 0;
  for (const t of policy?.thresholds ?? []) if (amountMinor > t.overMinor) required = Math.max(required, t.approvals);
  const daily = policy?.daily;
  if (daily) {
    const { count, amountMinor: sum } = await day();
    const over = (daily.count !== undefined && count + 1 > daily.count) || (daily.amountMinor !== undefined && sum + amountMinor > daily.amountMinor);
    if (over) required = Math.max(required, daily.approvals);
  }
  return required;
}
