/**
 * Positive controls of the chaos run (issue 12), `npm run test:chaos:controls`: proof that each
 * counter can move. For each control the compiled app (dist/) is copied to a scratch directory, one
 * line of the copy's JavaScript is changed to break the path the counter guards, and a short chaos
 * run (CHAOS.control, the same faults, one raised where a control needs more of it) goes against
 * the copy; the control holds when its counter is above zero, the run fails, and the same short
 * run against the unchanged build counted 0. Nothing in the production code knows about this.
 * Together about 3 minutes on 2 cores.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, relative } from 'node:path';
import type { FaultConfig } from '../../src/sandbox';
import { PrivateMariadb } from '../support/private-mariadb';
import { freePort } from '../support/test-app';
import { CHAOS } from './chaos-config';
import { ChaosCounters, ROOT, runChaos } from './run-chaos';

type Counter = Exclude<keyof ChaosCounters, 'examples'>;

interface Control {
  name: string;
  /** What the mutation breaks. */
  breaks: string;
  /** A file under dist/, the exact text (found exactly once) and its replacement. */
  file: string;
  from: string;
  to: string;
  /** Each must count above zero. */
  counters: Counter[];
  outage?: boolean;
  /** More of the one fault the mutation needs, so that a short run is sure to meet it. */
  faults?: FaultConfig;
}

const CONTROLS: Control[] = [
  {
    name: 'believe-bad-callbacks',
    breaks: 'a signed FAILED callback is applied without the confirming status query',
    file: 'payouts/webhooks/payout-webhook.service.js',
    from: 'if (isUnconfirmedBadNews(payout, report)) {',
    to: 'if (false) {',
    counters: ['failedWhilePaid'],
  },
  {
    name: 'ambiguous-is-refusal',
    breaks: 'any Paypro outer code other than 0000 (5000, 1005) is a definite refusal',
    file: 'payouts/providers/paypro/paypro.provider.js',
    from: 'if (answered && this.settings.refusalCodes.includes(code))',
    to: 'if (answered)',
    counters: ['failedWhilePaid'],
    faults: { ambiguousAfterAccept: 0.1 },
  },
  {
    name: 'new-trade-number-on-resend',
    breaks: 'a resend goes out under a fresh trade number',
    file: 'payouts/lifecycle/payout-sender.service.js',
    from: 'tradeNo: payout.tradeNo,',
    to: "tradeNo: payout.lastSentAt === null ? payout.tradeNo : require('../domain/identifiers').newTradeNo(new Date()),",
    counters: ['intentsPaidTwice', 'ordersWithoutPayout'],
    faults: { lateAccept: 0.1 },
  },
  {
    name: 'replay-answers-unsaved',
    breaks: 'an idempotent replay answers the payout it failed to insert instead of the stored one',
    file: 'payouts/lifecycle/payout.service.js',
    // The path every chaos payout takes (the sandbox channels have no approval policy).
    from: "if (inserted === 'duplicate')\n            return this.replay(input.merchantReference, requestHash);",
    to: "if (inserted === 'duplicate')\n            return { payout: (0, payout_view_1.toPayoutView)(created), created: false };",
    counters: ['answersLostOrChanged'],
  },
  {
    name: 'amount-plus-one-unit',
    breaks: 'the gateway is sent one major unit more than stored',
    file: 'payouts/lifecycle/payout-sender.service.js',
    from: 'amountMinor: payout.amount,',
    to: 'amountMinor: payout.amount + 100,',
    counters: ['amountsDiffer'],
  },
  {
    name: 'outage-is-500',
    breaks: 'a database outage is answered 500, not 503',
    file: 'payouts/http/payouts-exception.filter.js',
    from: 'if ((0, database_errors_1.isConnectionError)(exception)) {',
    to: 'if (false) {',
    counters: ['outageServerErrors'],
    outage: true,
  },
];

/** The copy of dist/ with the control's one line changed; fails when the text is not there exactly once. */
function mutatedBuild(control: Control, scratch: string): string {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const dist = join(scratch, 'dist');
  cpSync(join(ROOT, 'dist'), dist, { recursive: true });
  // The app reads its version from the package.json beside dist/.
  cpSync(join(ROOT, 'package.json'), join(scratch, 'package.json'));
  const file = join(dist, control.file);
  const source = readFileSync(file, 'utf8');
  const found = source.split(control.from).length - 1;
  if (found !== 1) throw new Error(`${control.name}: "${control.from}" occurs ${found} times in dist/${control.file}`);
  writeFileSync(file, source.replace(control.from, control.to));
  return relative(ROOT, join(dist, 'example', 'main.js'));
}

async function main(): Promise<void> {
  const started = Date.now();
  const work = join(ROOT, 'data', 'chaos', 'controls');
  execSync('npm run -s build', { cwd: ROOT, stdio: 'inherit' });
  const dir = join(work, 'mariadb');
  rmSync(dir, { recursive: true, force: true });
  const database = new PrivateMariadb(dir, await freePort());
  await database.install();
  let held = 0;
  try {
    // The same short run against the build as it is: each control's counter must be 0 there, so
    // that a count in the mutated run is the mutation's doing.
    const baseline = await runChaos({ ...CHAOS.control, script: 'dist/example/main.js', work: join(work, 'baseline'), database, outage: true });
    console.log(`baseline (unchanged build): ${[...new Set(CONTROLS.flatMap((c) => c.counters))].map((k) => `${k} = ${baseline[k]}`).join(', ')}`);
    for (const line of baseline.lines) console.log(`  ${line}`);
    for (const control of CONTROLS) {
      const scratch = join(work, control.name);
      const result = await runChaos({
        ...CHAOS.control,
        script: mutatedBuild(control, scratch),
        work: scratch,
        database,
        outage: control.outage ?? false,
        faults: { ...CHAOS.control.faults, ...control.faults },
        enough: (c) => control.counters.every((k) => c[k] > 0),
      });
      const ok = control.counters.every((k) => result[k] > 0 && baseline[k] === 0) && !result.ok;
      if (ok) held++;
      const values = control.counters.map((k) => `${k} = ${result[k]}`).join(', ');
      console.log(`control ${control.name} (${control.breaks}): ${values}, run ${result.ok ? 'passed' : 'failed'}: ${ok ? 'holds' : 'DOES NOT HOLD'}`);
      if (!ok) for (const line of result.lines) console.log(`  ${line}`);
    }
  } finally {
    await database.stop();
  }
  console.log(`chaos controls: ${held} of ${CONTROLS.length} hold in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exitCode = held === CONTROLS.length ? 0 : 1;
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
