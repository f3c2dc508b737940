#!/usr/bin/env node
// Runs a mutation shard one source file at a time (docs/testing.md, "Mutation testing"):
// `node scripts/mutation-per-file.js stryker.money.config.js [file substring…]`. Each file gets
// its own Stryker run and incremental report, reports/incremental/<shard>/<file>.json, so a
// file's result is kept as soon as it is done (a shard's run outlasts a session on 2 cores),
// and its dry run loads only the suites related to that file.
const { spawnSync } = require('node:child_process');
const { basename, join } = require('node:path');

const [configFile, ...only] = process.argv.slice(2);
if (!configFile) {
  console.error('usage: node scripts/mutation-per-file.js <stryker config> [file substring…]');
  process.exit(2);
}
const config = require(join(process.cwd(), configFile));
const shard = basename(configFile).replace(/^stryker\.|\.config\.js$/g, '');
const files = config.mutate.filter((f) => !f.startsWith('!') && !f.includes('*') && (!only.length || only.some((o) => f.includes(o))));
let failed = 0;
for (const file of files) {
  const report = join('reports', 'incremental', shard, `${basename(file, '.ts')}.json`);
  console.log(`== ${file} (${new Date().toISOString()})`);
  const run = spawnSync('npx', ['stryker', 'run', configFile, '--incremental', '--mutate', file, '--incrementalFile', report], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
