/**
 * @module `vigie guard check|wait`: the go/no-go of a rollout's ring for pipelines, from a running
 * Vigie (`GET /api/v1/rollouts/:id/guard?ring=N`, each decision recorded on the rollout's timeline).
 *
 * Exit codes: 0 go, 1 no-go, 2 error. Any error is 2 with a message on stderr — Vigie unreachable,
 * no answer in time, an error answer (401, 403, 404, 400, 5xx), an answer that is not a guard
 * decision, or one that contradicts itself — so that a pipeline never reads "cannot reach the
 * guard" as "go". Go is only ever a well-formed answer for the rollout and ring asked, with the
 * verdict go and no reason.
 *
 * `wait` polls until go (0), until a no-go that waiting cannot clear (1 at once), or until its
 * timeout (1, with the last reasons). Waiting clears a soak in progress, an unhealthy monitor of
 * an earlier ring that may recover, an open incident, an active crisis and a freeze window; it
 * does not clear a ring not yet deployed (the pipeline must deploy it first), a closed rollout,
 * a reboot loop (the change harmed the ring: roll it back, do not wait it out) or a reason this
 * command does not know. An error while waiting is an error (2), as for `check`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { z } from 'zod';
import { formatDuration } from '../../core/duration.js';
import { durationFlag, flagOfPath, CliFailure, runApiCommand, wholeFlag, withApiOptions, type ApiClient, type ApiFlags, type Lang } from '../api-client.js';

const localized = z.object({ en: z.string(), fr: z.string() });

/** The guard's answer as the CLI reads it: strict on what decides, open to reason codes it does not know. */
export const guardAnswer = z.looseObject({
  rollout: z.string(),
  ring: z.number().int(),
  verdict: z.enum(['go', 'no-go']),
  reasons: z.array(z.looseObject({ code: z.string(), text: localized, subject: z.string().optional(), remaining_ms: z.number().optional() })),
  checked: z.array(localized),
  at: z.string(),
});
export type GuardAnswer = z.output<typeof guardAnswer>;

/** Reasons that waiting may clear; any other no-go ends `guard wait` at once. */
export const WAITABLE_REASONS: ReadonlySet<string> = new Set(['ring_soaking', 'ring_unhealthy', 'incident_open', 'crisis_active', 'freeze']);

type GuardOpts = ApiFlags & { rollout: string; ring: string; json?: boolean };
type WaitOpts = GuardOpts & { timeout: string; every: string };

const GUARD_FLAGS: Readonly<Record<string, string>> = { ring: '--ring', id: '--rollout', record: '--ring' };
const flagOf = (path: string) => flagOfPath(path, GUARD_FLAGS);

const WORDS = {
  en: {
    go: 'go', noGo: 'no-go', of: (ring: number, rollout: string) => `ring ${ring} of rollout ${rollout}`,
    stuck: (codes: string) => `no-go that waiting cannot clear (${codes})`,
    gaveUp: (span: string) => `still no-go after ${span} (--timeout); last reasons above`,
    waiting: (next: string, left: string, why: string) => `no-go, checking again in ${next} (giving up in ${left}): ${why}`,
    mismatch: (what: string) => `Vigie's answer contradicts itself or the request (${what}): not taken as go`,
  },
  fr: {
    go: 'feu vert', noGo: 'feu rouge', of: (ring: number, rollout: string) => `anneau ${ring} du déploiement ${rollout}`,
    stuck: (codes: string) => `feu rouge que l’attente ne lèvera pas (${codes})`,
    gaveUp: (span: string) => `toujours feu rouge après ${span} (--timeout) ; derniers motifs ci-dessus`,
    waiting: (next: string, left: string, why: string) => `feu rouge, nouvelle vérification dans ${next} (abandon dans ${left}) : ${why}`,
    mismatch: (what: string) => `la réponse de Vigie se contredit ou ne correspond pas à la demande (${what}) : pas prise pour un feu vert`,
  },
} as const;

/**
 * The verdict of an answer to the question (rollout, ring): go only for a go with no reason about
 * that very rollout and ring; an answer that contradicts itself or the question is a failure.
 */
export function verdictOf(answer: GuardAnswer, rollout: string, ring: number): 'go' | 'no-go' {
  const problem =
    answer.rollout !== rollout ? `rollout "${answer.rollout}" instead of "${rollout}"`
    : answer.ring !== ring ? `ring ${answer.ring} instead of ${ring}`
    : answer.verdict === 'go' && answer.reasons.length > 0 ? 'go with reasons against it'
    : answer.verdict === 'no-go' && answer.reasons.length === 0 ? 'no-go without a reason'
    : undefined;
  if (problem !== undefined) throw new CliFailure('unparsable', { en: WORDS.en.mismatch(problem), fr: WORDS.fr.mismatch(problem) });
  return answer.verdict;
}

/** What `guard wait` does with an answer: done (go), wait, or stop (a no-go that waiting cannot clear). */
export function waitStep(answer: GuardAnswer, rollout: string, ring: number): 'go' | 'wait' | 'stop' {
  if (verdictOf(answer, rollout, ring) === 'go') return 'go';
  return answer.reasons.every((r) => WAITABLE_REASONS.has(r.code)) ? 'wait' : 'stop';
}

/** The decision for people: a head line, then one reason per line (`code: text`), or for a go what was checked. */
export function formatDecision(answer: GuardAnswer, lang: Lang): string {
  const w = WORDS[lang];
  const head = `${answer.verdict === 'go' ? w.go : w.noGo}${lang === 'fr' ? ' :' : ':'} ${w.of(answer.ring, answer.rollout)}`;
  const lines = answer.verdict === 'go' ? answer.checked.map((c) => `  ok: ${c[lang]}`) : answer.reasons.map((r) => `  ${r.code}: ${r.text[lang]}`);
  return `${[head, ...lines].join('\n')}\n`;
}

function ask(api: ApiClient, opts: GuardOpts, ring: number): Promise<GuardAnswer> {
  return api.get(`/api/v1/rollouts/${encodeURIComponent(opts.rollout)}/guard`, guardAnswer, { ring });
}

function output(opts: GuardOpts, answer: GuardAnswer): void {
  process.stdout.write(opts.json ? `${JSON.stringify(answer, null, 2)}\n` : formatDecision(answer, opts.lang));
}

const say = (text: string) => process.stderr.write(`vigie guard: ${text}\n`);

async function check(opts: GuardOpts): Promise<void> {
  await runApiCommand(
    'guard',
    opts,
    async (api) => {
      const ring = wholeFlag(opts.ring, '--ring');
      const answer = await ask(api, opts, ring);
      const verdict = verdictOf(answer, opts.rollout, ring);
      output(opts, answer);
      return verdict === 'go' ? 0 : 1;
    },
    { flagOf, exitCode: () => 2 },
  );
}

async function wait(opts: WaitOpts): Promise<void> {
  await runApiCommand(
    'guard',
    opts,
    async (api) => {
      const ring = wholeFlag(opts.ring, '--ring');
      const timeoutMs = durationFlag(opts.timeout, '--timeout');
      const everyMs = durationFlag(opts.every, '--every');
      const w = WORDS[opts.lang];
      const deadline = Date.now() + timeoutMs;
      let said = '';
      for (;;) {
        const answer = await ask(api, opts, ring);
        const step = waitStep(answer, opts.rollout, ring);
        if (step === 'go') {
          output(opts, answer);
          return 0;
        }
        if (step === 'stop') {
          output(opts, answer);
          say(w.stuck(answer.reasons.filter((r) => !WAITABLE_REASONS.has(r.code)).map((r) => r.code).join(', ')));
          return 1;
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          output(opts, answer);
          say(w.gaveUp(formatDuration(timeoutMs)));
          return 1;
        }
        const why = answer.reasons.map((r) => `${r.code}${r.subject !== undefined ? ` ${r.subject}` : ''}`).join(', ');
        if (why !== said) say(w.waiting(formatDuration(Math.min(everyMs, left)), formatDuration(Math.ceil(left / 1000) * 1000), answer.reasons.map((r) => r.text[opts.lang]).join('; ')));
        said = why;
        await sleep(Math.min(everyMs, left));
      }
    },
    { flagOf, exitCode: () => 2 },
  );
}

const EXITS = 'Exit 0 go, 1 no-go, 2 error (Vigie unreachable, no answer in time, refused, or an answer that is not a decision: never read as go).';

/** The `guard` command. */
export function guardCommand(): Command {
  const cmd = new Command('guard')
    .description('The go/no-go of a rollout ring, for pipelines: exit 0 go, 1 no-go, 2 error.')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  withApiOptions(cmd.command('check').description(`Ask once whether ring N may be deployed; prints why, one reason per line. ${EXITS}`))
    .requiredOption('--rollout <id>', 'the rollout')
    .requiredOption('--ring <n>', 'the ring about to be deployed (0 is the first)')
    .option('--json', 'print the decision as JSON (as the API gives it)')
    .action(check);
  withApiOptions(
    cmd
      .command('wait')
      .description(
        `Ask every --every until go, until a no-go that waiting cannot clear (ring not deployed, rollout closed, reboot loop: exit 1 at once), or until --timeout (exit 1 with the last reasons). Waiting clears a soak, an unhealthy earlier ring that recovers, an open incident, a crisis and a freeze. ${EXITS}`,
      ),
  )
    .requiredOption('--rollout <id>', 'the rollout')
    .requiredOption('--ring <n>', 'the ring about to be deployed (0 is the first)')
    .option('--timeout <duration>', 'how long to wait for go at most', '2h')
    .option('--every <duration>', 'how often to ask', '30s')
    .option('--json', 'print the last decision as JSON (as the API gives it)')
    .action(wait);
  return cmd;
}
