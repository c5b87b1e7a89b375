/** @module Tests of the incident sentences: transition reasons carry the check's own French message. */
import { describe, expect, it } from 'vitest';
import { texts, transitionReason } from './incident-texts.js';

const SIP = { en: 'SIP OPTIONS answered 503 Service Unavailable', fr: 'SIP OPTIONS a répondu 503 Service Unavailable' };
const RDAP = { en: 'registry hold: clientHold (the domain does not resolve)', fr: 'blocage au registre : clientHold (le domaine ne se résout pas)' };

describe('transitionReason', () => {
  it.each([
    [`down: ${SIP.en} (confirmed by 3 consecutive results)`, SIP, `en panne : ${SIP.fr} (confirmé par 3 résultats consécutifs)`],
    [`down: ${RDAP.en}`, RDAP, `en panne : ${RDAP.fr}`],
    [`recovered: ${SIP.en} (confirmed by 2 consecutive results)`, SIP, `rétabli : ${SIP.fr} (confirmé par 2 résultats consécutifs)`],
    [`up: ${SIP.en}`, SIP, `disponible : ${SIP.fr}`],
    // A multi-location reason is stored whole in both languages.
    ['down at 2 of 3 locations (paris, lyon): paris: x; lyon: y', { en: 'down at 2 of 3 locations (paris, lyon): paris: x; lyon: y', fr: 'hors service selon 2 emplacements sur 3 (paris, lyon) : paris : x ; lyon : y' }, 'hors service selon 2 emplacements sur 3 (paris, lyon) : paris : x ; lyon : y'],
  ])('%s', (reason, messages, fr) => {
    expect(transitionReason(reason, messages)).toEqual({ en: reason, fr });
  });

  it('keeps the English reason when no French message was stored', () => {
    expect(transitionReason('paused by admin', undefined)).toEqual({ en: 'paused by admin', fr: 'paused by admin' });
    expect(transitionReason('down: timed out', { en: 'timed out' })).toEqual({ en: 'down: timed out', fr: 'down: timed out' });
  });

  it('puts the French reason in the French monitor-state entry', () => {
    const text = texts.monitorState('call-1', 'up', 'down', transitionReason(`down: ${SIP.en}`, SIP));
    expect(text).toEqual({ en: `call-1: up → down (down: ${SIP.en})`, fr: `call-1 : disponible → en panne (en panne : ${SIP.fr})` });
  });
});

describe('severity entries', () => {
  const emergency = { name: { en: 'Emergency calls', fr: 'Appels d’urgence' }, state: 'major_outage', severity: 'SEV2' as const };

  it('state every cause and step of a two-level jump: the state change, then the common-mode raise', () => {
    expect(texts.severity('SEV3', 'SEV1', texts.severityWhy([emergency], true))).toEqual({
      en: 'Severity SEV3 → SEV1: major outage of Emergency calls (SEV2), raised one level for a common-mode failure',
      fr: 'Gravité SEV3 → SEV1 : Appels d’urgence en panne majeure (SEV2), relevée d’un niveau pour une défaillance de mode commun',
    });
  });

  it('name the service state alone when no common mode raised it, and every service at the worst severity', () => {
    const web = { name: { en: 'Web site', fr: 'Site web' }, state: 'partial_outage', severity: 'SEV2' as const };
    expect(texts.severity('SEV3', 'SEV2', texts.severityWhy([emergency, web], false)).en).toBe('Severity SEV3 → SEV2: major outage of Emergency calls (SEV2); partial outage of Web site (SEV2)');
  });
});
