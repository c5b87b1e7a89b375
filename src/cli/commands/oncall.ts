/** @module `vigie oncall`: who is on call now (or at `--at`), read from the configuration alone (no database). */
import { Command } from 'commander';
import { ApiError } from '../../api/errors.js';
import { timeParam } from '../../api/schemas/common.schemas.js';
import { OnCallService } from '../../api/services/oncall.service.js';
import { loadConfig } from '../../config/load-config.js';
import { toNotificationsModel } from '../../notifications/notifications-config.js';
import { formatOnCall } from '../../oncall/on-call-view.js';
import { withConfigOption } from '../options.js';

type OnCallOpts = { config: string; at?: string; schedule?: string; json?: boolean };

async function printOnCall(opts: OnCallOpts): Promise<void> {
  let at: number | undefined;
  if (opts.at !== undefined) {
    const parsed = timeParam.safeParse(opts.at);
    if (!parsed.success) {
      process.stderr.write(`vigie oncall: --at ${parsed.error.issues[0]?.message ?? 'is not a time'}\n`);
      process.exitCode = 2;
      return;
    }
    at = parsed.data;
  }
  const { config } = await loadConfig(opts.config);
  const model = toNotificationsModel(config);
  let answer;
  try {
    answer = new OnCallService(() => model, Date.now).list({ at, schedule: opts.schedule });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const known = [...model.schedules.keys()];
    process.stderr.write(`vigie oncall: --schedule: ${error.message}; ${known.length > 0 ? `schedules: ${known.join(', ')}` : `${opts.config} defines no schedule`}\n`);
    process.exitCode = 2;
    return;
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    return;
  }
  if (answer.items.length === 0) process.stdout.write(`${opts.config} defines no schedule\n`);
  for (const item of answer.items) process.stdout.write(`${formatOnCall(item)}\n`);
}

/** The `oncall` command. */
export function oncallCommand(): Command {
  return withConfigOption(new Command('oncall').description('Who is on call, per schedule, from the configuration (no database needed). Times are local to each schedule, its zone named.'))
    .option('--at <time>', 'the instant asked about: ISO 8601 (2026-03-29T08:30:00+02:00) or epoch milliseconds (default: now)')
    .option('--schedule <id>', 'only this schedule')
    .option('--json', 'print the answer of GET /api/v1/oncall as JSON')
    .action(printOnCall);
}
