/**
 * `npm run bench -- <name> [options]`: runs a benchmark, prints its figures and appends them to
 * docs/benchmarks.md with the machine and the date. A benchmark is the file bench/<name>.ts
 * exporting `runBench(args)`; the files listed in NOT_BENCHES are shared helpers.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NOT_BENCHES = new Set(['run', 'report', 'target-server', 'cpu-profile']);
const names = readdirSync(fileURLToPath(new URL('.', import.meta.url)))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .filter((n) => !NOT_BENCHES.has(n))
  .sort();

const [name = 'engine', ...rest] = process.argv.slice(2);
if (!names.includes(name)) {
  process.stderr.write(`unknown benchmark "${name}"; one of: ${names.join(', ')}\n`);
  process.exit(2);
}
const bench = (await import(`./${name}.js`)) as { runBench?: (args: string[]) => Promise<void> };
if (typeof bench.runBench !== 'function') {
  process.stderr.write(`bench/${name}.ts does not export runBench(args)\n`);
  process.exit(2);
}
bench.runBench(rest).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
