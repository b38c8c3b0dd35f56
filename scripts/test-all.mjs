#!/usr/bin/env node
// The README's test command: build, typecheck, lint, then every package's tests in one vitest
// run. Ends with one plain line "N passed, N failed" summed over every package (CI parses it).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const resultsFile = resolve(root, '.vitest-results.json');
const extraArgs = process.argv.slice(2);

/** Runs one step with inherited output; returns true on success. */
function step(name, command, args) {
  process.stderr.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = r.status === 0;
  process.stderr.write(
    `=== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds}s\n`,
  );
  return ok;
}

const failedSteps = [];
if (!step('build', 'pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']))
  failedSteps.push('build');
if (!step('typecheck', 'pnpm', ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']))
  failedSteps.push('typecheck');
if (!step('lint', 'pnpm', ['exec', 'biome', 'ci', '.'])) failedSteps.push('lint');

rmSync(resultsFile, { force: true });
const testsOk = step('test', 'pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...extraArgs,
]);

let passed = 0;
let failed = 0;
const perPackage = new Map();
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const file of results.testResults ?? []) {
    const parts = relative(root, file.name).split(sep);
    const pkg = parts.length > 1 ? `${parts[0]}/${parts[1]}` : parts[0];
    const row = perPackage.get(pkg) ?? { passed: 0, failed: 0, skipped: 0 };
    const assertions = file.assertionResults ?? [];
    for (const a of assertions) {
      if (a.status === 'passed') row.passed++;
      else if (a.status === 'failed') row.failed++;
      else row.skipped++;
    }
    // A file that failed to load has no assertion results: count it as one failure.
    if (file.status === 'failed' && !assertions.some((a) => a.status === 'failed')) row.failed++;
    perPackage.set(pkg, row);
  }
} else if (!testsOk) {
  failedSteps.push('test (no results written)');
}

process.stdout.write('\nper package:\n');
for (const [pkg, row] of [...perPackage].sort()) {
  passed += row.passed;
  failed += row.failed;
  const skipped = row.skipped ? `, ${row.skipped} skipped` : '';
  process.stdout.write(
    `  ${pkg.padEnd(28)} ${row.passed} passed, ${row.failed} failed${skipped}\n`,
  );
}
for (const s of failedSteps) process.stdout.write(`  step ${s} failed (counted as 1 failed)\n`);
failed += failedSteps.length;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && testsOk ? 0 : 1);
