/**
 * `npm run bench -- <name> [options]`: runs a benchmark, prints its figures and appends them to
 * docs/benchmarks.md with the machine and the date.
 */
import { runEngineBench } from './engine.js';
import { runIncidentsBench } from './incidents.js';
import { runNotifyBench } from './notify.js';
import { runStatusBench } from './status.js';

const [name = 'engine', ...rest] = process.argv.slice(2);
const benches: Record<string, (args: string[]) => Promise<void>> = { engine: runEngineBench, incidents: runIncidentsBench, notify: runNotifyBench, status: runStatusBench };
const bench = benches[name];
if (!bench) {
  process.stderr.write(`unknown benchmark "${name}"; one of: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
bench(rest).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
