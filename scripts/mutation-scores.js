#!/usr/bin/env node
// Per-file mutation scores from Stryker incremental reports (the mutation-testing-report schema):
// reports/stryker-incremental.json (the full run) unless others are given: files, or directories
// of them such as reports/incremental/money (a shard run file by file). As docs/testing.md lists
// them. With --min=<percent>, exits 1 when a file scores below it. Score = detected / (detected +
// undetected), Stryker's own: killed and timed-out mutants are detected; survived and uncovered
// ones are not; ignored, compile and runtime errors count for neither. A file found in several
// reports is scored from the last one given.
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const paths = (args.length ? args : [join(__dirname, '..', 'reports', 'stryker-incremental.json')]).flatMap((p) =>
  statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => join(p, f)) : [p],
);
const files = Object.assign({}, ...paths.map((p) => JSON.parse(readFileSync(p, 'utf8')).files));
const min = Number((process.argv.find((a) => a.startsWith('--min=')) ?? '--min=0').slice(6));
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const rows = Object.entries(files)
  .map(([file, { mutants }]) => {
    const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
    const undetected = mutants.filter((m) => UNDETECTED.has(m.status));
    const total = detected + undetected.length;
    return { file, detected, survived: undetected.filter((m) => m.status === 'Survived').length, noCoverage: undetected.length - undetected.filter((m) => m.status === 'Survived').length, total, score: total ? (100 * detected) / total : 100 };
  })
  .filter((r) => r.total > 0)
  .sort((a, b) => a.file.localeCompare(b.file));

let detected = 0;
let total = 0;
console.log('| file | score | killed or timed out | survived | no coverage |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  detected += r.detected;
  total += r.total;
  console.log(`| ${r.file} | ${r.score.toFixed(1)} % | ${r.detected} | ${r.survived} | ${r.noCoverage} |`);
}
console.log(`| all | ${((100 * detected) / Math.max(1, total)).toFixed(1)} % | ${detected} | | |`);
const below = rows.filter((r) => r.score < min);
if (below.length) {
  console.error(`\n${below.length} file(s) below ${min} %: ${below.map((r) => `${r.file} (${r.score.toFixed(1)} %)`).join(', ')}`);
  process.exit(1);
}
