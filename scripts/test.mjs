#!/usr/bin/env node
// Runs the whole suite with Vitest, then prints what was skipped for lack of a system
// component (and how to install it), and one closing line: "tests: N passed, N failed, N skipped".
// With VIGIE_TEST_REQUIRE_ALL=1 (CI), any such skip fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const report = join(tmpdir(), `vigie-vitest-${process.pid}.json`);
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  // A test file that fails before any test runs (a loud skip under VIGIE_TEST_REQUIRE_ALL=1, a
  // syntax error) has no failed test: count it, so the closing line never says 0 failed then.
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')) failed += 1;
  }
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  rmSync(report, { force: true });
}

const skipFile = new URL('../test/.skipped', import.meta.url);
const loudSkips = existsSync(skipFile) ? [...new Set(readFileSync(skipFile, 'utf8').split('\n').filter(Boolean))] : [];
if (loudSkips.length > 0) {
  console.log('\nSkipped for lack of a system component:');
  for (const line of loudSkips) console.log(`  - ${line}`);
}
const requireAll = process.env.VIGIE_TEST_REQUIRE_ALL === '1';
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (requireAll && loudSkips.length > 0) {
  console.error('VIGIE_TEST_REQUIRE_ALL=1: components are missing, failing the run.');
  process.exit(1);
}
process.exit(run.status ?? 1);
