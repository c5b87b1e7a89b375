/** @module Turns an OPTIONS transaction into a check result, with messages in English and French. */
import { ms, resultWith } from '../net/texts.js';
import type { CheckResult } from '../types.js';
import type { SipExchange } from './exchange.js';
import { header, type SipResponse } from './sip-response.js';

function statusText(response: SipResponse): string {
  const reason = response.reason.replace(/[\u0000-\u001f]/g, ' ').slice(0, 100).trim();
  return reason ? `SIP ${response.code} ${reason}` : `SIP ${response.code}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function answered(response: SipResponse, exchange: Extract<SipExchange, { kind: 'response' }>, accepted: readonly number[]): CheckResult {
  const status = statusText(response);
  const server = header(response, 'server') ?? header(response, 'user-agent');
  const rest = {
    latencyMs: exchange.timings.total,
    timings: exchange.timings,
    details: { code: response.code, reason: response.reason, transmissions: exchange.transmissions, ...(server ? { server } : {}) },
  };
  if (accepted.includes(response.code)) {
    const took = ms(exchange.timings.total);
    return resultWith('up', { en: `${status} in ${took} ms`, fr: `${status} en ${took} ms` }, rest);
  }
  if (response.code >= 500) return resultWith('down', { en: status, fr: status }, rest);
  const codes = accepted.join(', ');
  return resultWith('down', { en: `${status} (accepted: ${codes})`, fr: `${status} (codes acceptés : ${codes})` }, rest);
}

/** The result of one OPTIONS transaction, given the codes that mean "alive". */
export function sipVerdict(exchange: SipExchange, accepted: readonly number[]): CheckResult {
  switch (exchange.kind) {
    case 'response':
      return answered(exchange.response, exchange, accepted);
    case 'no-answer': {
      const n = exchange.transmissions;
      const took = ms(exchange.timings.total);
      const only = exchange.provisional === undefined ? { en: '', fr: '' } : { en: `, only a provisional ${exchange.provisional}`, fr: `, seulement une réponse provisoire ${exchange.provisional}` };
      return resultWith(
        'down',
        { en: `no answer to OPTIONS after ${plural(n, 'transmission')} (${took} ms${only.en})`, fr: `pas de réponse à OPTIONS après ${plural(n, 'envoi')} (${took} ms${only.fr})` },
        { latencyMs: null, timings: exchange.timings, details: { transmissions: n } },
      );
    }
    case 'failed':
      return resultWith('down', exchange.texts, { latencyMs: null, timings: exchange.timings });
    case 'cancelled':
      return resultWith('unknown', { en: 'the check was cancelled (shutdown or reload)', fr: 'la vérification a été annulée (arrêt ou rechargement)' }, { latencyMs: null, timings: exchange.timings });
  }
}
