/**
 * @module `vigie check`: runs one check once and prints its result and timings.
 * `vigie check <id>` runs a monitor from the config; `vigie check --type http --url …` an ad-hoc one.
 * Exit 0 when the result is up or degraded, 1 when down or unknown, 2 on bad input.
 */
import { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { toMonitorDefinitions } from '../../config/config.schema.js';
import { CHECK_TYPE_NAMES, getCheckType } from '../../checks/registry.js';
import { runCheck } from '../../engine/check-runner.js';
import type { CheckResult } from '../../checks/types.js';
import { parseAdHocCheck, type AdHocFlags } from '../ad-hoc-check.js';
import { withConfigOption } from '../options.js';

interface CheckOpts extends AdHocFlags {
  config: string;
  type?: string;
  json?: boolean;
}

function print(result: CheckResult, label: string, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ check: label, ...result }, null, 2)}\n`);
    return;
  }
  const latency = result.latencyMs === null ? '' : ` in ${result.latencyMs.toFixed(1)} ms`;
  process.stdout.write(`${label}: ${result.status.toUpperCase()}${latency} — ${result.message}\n`);
  if (result.timings) {
    const order = ['dns', 'connect', 'tls', 'firstByte', 'total'];
    const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length - 1);
    const phases = Object.entries(result.timings)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([k, v]) => `${k} ${(v as number).toFixed(1)} ms`);
    process.stdout.write(`  timings: ${phases.join(', ')}\n`);
  }
}

export function checkCommand(): Command {
  const cmd = new Command('check')
    .description('Run a check once and print the result and its timings. Exit 0 when up or degraded, 1 when down or unknown.')
    .argument('[id]', 'a monitor id from the config')
    .option('--type <type>', `ad-hoc check type: ${CHECK_TYPE_NAMES.join(', ')}`)
    .option('--url <url>', 'http: the URL')
    .option('--host <host>', 'tcp/tls: the host')
    .option('--port <port>', 'tcp/tls: the port')
    .option('--name <name>', 'dns: the name to resolve')
    .option('--record-type <type>', 'dns: the record type (A, AAAA, MX…)')
    .option('--resolver <address...>', 'dns: resolvers to ask (ip or ip:port)')
    .option('--expect <value...>', 'dns: expected answers')
    .option('--set <json>', 'any other fields of the check block, as JSON (e.g. \'{"expected_status":["200"]}\')')
    .option('--timeout <duration>', 'timeout for an ad-hoc check', '10s')
    .option('--json', 'print the result as JSON');
  withConfigOption(cmd).action(async (id: string | undefined, opts: CheckOpts) => {
    let type: string;
    let config: Record<string, unknown>;
    let timeoutMs: number;
    if (id) {
      const { config: loaded } = await loadConfig(opts.config);
      const def = toMonitorDefinitions(loaded).find((d) => d.id === id);
      if (!def) throw new Error(`no monitor "${id}" in ${opts.config}`);
      ({ type, check: config, timeoutMs } = def);
    } else {
      if (!opts.type) throw new Error('give a monitor id, or --type with the check fields (see --help)');
      type = opts.type;
      const check = getCheckType(type);
      if (!check) throw new Error(`unknown check type "${type}"; one of ${CHECK_TYPE_NAMES.join(', ')}`);
      const parsed = parseAdHocCheck(type, check.schema, opts);
      if (!parsed.ok) throw new Error(`invalid check:\n${parsed.errors.join('\n')}`);
      ({ config, timeoutMs } = parsed);
    }
    const check = getCheckType(type)!;
    const { result } = await runCheck(check, config, timeoutMs, new AbortController().signal);
    print(result, id ?? `${type} ${check.target(config)}`, opts.json === true);
    process.exitCode = result.status === 'up' || result.status === 'degraded' ? 0 : 1;
  });
  return cmd;
}
