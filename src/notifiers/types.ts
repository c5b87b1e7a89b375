/**
 * @module The contract every notification channel kind implements.
 *
 * A channel kind is one folder under `src/notifiers/<kind>/` exporting a {@link Notifier}; adding
 * it to `registry.ts` is the only other change. `send()` only talks to the provider: it is given
 * a message already rendered in the recipient's language and returns what the provider answered,
 * or throws a {@link TransportError} that says whether trying again can help. Retries, backoff,
 * idempotency and storage belong to the delivery worker, not to channels.
 */
import type { z } from 'zod';
import type { Severity } from '../services/severity.js';

/**
 * The incident events people are told about, the test message of `vigie notify test`, and
 * `crisis`: a crisis message (activation, deadline reminder, communication to a stakeholder) whose
 * texts are written by the crisis service.
 */
export const NOTIFICATION_EVENTS = ['opened', 'severity_raised', 'common_mode', 'acknowledged', 'updated', 'resolved', 'reopened', 'test', 'crisis'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Languages messages are written in. */
export type Language = 'en' | 'fr';

/** Incident severities, worst first. */
export type { Severity };

/** What a message is about, in the recipient's language. */
export interface MessageIncident {
  id: number;
  /** Stable across the incident's events (PagerDuty `dedup_key`, Opsgenie `alias`): `vigie-incident-<id>`. */
  key: string;
  title: string;
  severity: Severity;
  status: 'open' | 'acknowledged' | 'resolved';
  /** The service and its state in plain words, e.g. "Emergency calls: major outage". */
  service?: string;
  /** Plain-words root cause, e.g. "4 of 6 call servers down — common-mode failure". */
  cause?: string;
  /** The change that likely caused the incident, when one stands out (it is also the first of `suspects`). */
  likelyCause?: MessageChange;
  /** Changes suspected of causing the incident, most suspect first (at most three), as noted on its timeline. */
  suspects?: MessageChange[];
  firstFailureAt: number;
  /** Link to the incident (API or console). */
  url?: string;
  /** Signed, expiring, single-use acknowledge link; absent once acknowledged or resolved. */
  ackUrl?: string;
}

/** A change named in a message, in the recipient's language. */
export interface MessageChange {
  changeId: number;
  /** What the change is called: its external reference (`KB5009557`), else its summary. */
  name: string;
  /** What it touched and when: "KB5009557 (patch) on dc-1, 3 min before the first failure". */
  text: string;
}

/** One message to one recipient over one channel, ready to send. */
export interface NotificationMessage {
  event: NotificationEvent;
  language: Language;
  /** The same for every attempt of this (event, channel, recipient): receivers that dedupe use it. */
  idempotencyKey: string;
  incident: MessageIncident;
  /** Texts in `language`: `subject` one line, `short` for SMS and chat (about 160 characters), `full` for e-mail. Plain text, not escaped. */
  text: { subject: string; short: string; full: string };
  /** Where the recipient is reached (an e-mail address, a phone number, a chat id), when the channel addresses people. */
  to?: string;
  /** When the event happened (epoch ms). */
  at: number;
  /** A one-click unsubscribe link (status page subscribers): mails carry it as `List-Unsubscribe` (RFC 2369, RFC 8058). */
  unsubscribeUrl?: string;
}

/** What the provider answered to a successful send. */
export interface SendReceipt {
  /** HTTP status or SMTP reply code. */
  status?: number;
  /** The provider's id for the message, when it gives one. */
  providerId?: string;
  /** A short excerpt of the answer, for `vigie notify test` and the delivery log. */
  answer?: string;
}

/** What a channel gets at send time. */
export interface SendContext {
  /** Aborted on timeout or shutdown. */
  signal: AbortSignal;
  timeoutMs: number;
}

/**
 * A failed send. `permanent` means trying the same message again cannot succeed (a 4xx other than
 * 408/429, a rejected address, a bad credential): the worker stops and counts it against the
 * channel. Otherwise it retries, not before `retryAfterMs` when the provider said so.
 */
export class TransportError extends Error {
  readonly permanent: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, opts: { permanent: boolean; status?: number; retryAfterMs?: number }) {
    super(message);
    this.name = 'TransportError';
    this.permanent = opts.permanent;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** One channel kind: its settings schema and how to send. */
export interface Notifier<Schema extends z.ZodType = z.ZodType> {
  /** The key used in config (`type: slack`) and the API. */
  readonly kind: string;
  /** One line for `--help`, docs and the console picker. */
  readonly description: string;
  /** The zod schema of the channel's settings (strict object). Secret-looking keys are redacted in views. */
  readonly schema: Schema;
  /** True when a message goes to one person's address (`to`): e-mail, SMS; false for a room or an API. */
  readonly addressesPeople: boolean;
  /** Settings that are credentials though their name does not say so (a webhook URL with its token in the path): hidden in views like secret-looking keys. */
  readonly secretSettings?: readonly string[];
  /** Sends one message. Throws {@link TransportError} on failure; anything else thrown counts as a retryable error. */
  send(settings: z.output<Schema>, message: NotificationMessage, ctx: SendContext): Promise<SendReceipt>;
}

/** Helper that keeps a notifier's settings type tied to its schema. */
export function defineNotifier<Schema extends z.ZodType>(notifier: Notifier<Schema>): Notifier<Schema> {
  return notifier;
}
