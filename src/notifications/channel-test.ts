/**
 * @module A test message sent right now through one channel, outside the outbox (for
 * `POST /api/v1/channels/:id/test` and `vigie notify test`): rendered like every message, sent
 * with a timeout, and the provider's answer returned as data — a refusal is a result, not an
 * error of ours.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelDefinition } from '../notifiers/channel.schema.js';
import { getNotifier } from '../notifiers/registry.js';
import { TransportError } from '../notifiers/types.js';
import { renderNotice } from './render.js';

/** What the provider said. */
export type ChannelTestResult = { ok: true; status: number | null; answer: string | null } | { ok: false; error: string; permanent: boolean; status: number | null };

/** Why a test cannot be sent as asked (the field at fault and what is wrong). */
export class ChannelTestInputError extends Error {
  constructor(readonly field: 'to', message: string) {
    super(message);
    this.name = 'ChannelTestInputError';
  }
}

export interface ChannelTestOptions {
  /** The address, for channels that send to people. */
  to?: string | undefined;
  language: 'en' | 'fr';
  now: number;
  /** Default 10 s. */
  timeoutMs?: number;
}

/** Sends a test message through `channel`; throws {@link ChannelTestInputError} when `to` is missing or not wanted. */
export async function sendChannelTest(channel: ChannelDefinition, opts: ChannelTestOptions): Promise<ChannelTestResult> {
  const notifier = getNotifier(channel.kind);
  if (!notifier) return { ok: false, error: `channel kind "${channel.kind}" is not known to this Vigie`, permanent: true, status: null };
  if (notifier.addressesPeople && !opts.to) throw new ChannelTestInputError('to', `channel "${channel.id}" (${channel.kind}) sends to an address: give the address to test with`);
  if (!notifier.addressesPeople && opts.to) throw new ChannelTestInputError('to', `channel "${channel.id}" (${channel.kind}) posts to a fixed destination: leave the address out`);
  const message = renderNotice({ idempotencyKey: `vigie-test-${randomUUID()}`, language: opts.language, address: opts.to ?? null, createdAt: opts.now, extra: null }, 'test', opts.now);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  try {
    const receipt = await notifier.send(channel.settings, message, { signal: AbortSignal.timeout(timeoutMs), timeoutMs });
    return { ok: true, status: receipt.status ?? null, answer: receipt.answer ?? null };
  } catch (error) {
    if (error instanceof TransportError) return { ok: false, error: error.message, permanent: error.permanent, status: error.status ?? null };
    return { ok: false, error: error instanceof Error ? error.message : String(error), permanent: false, status: null };
  }
}
