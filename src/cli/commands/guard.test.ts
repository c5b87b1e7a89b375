import { describe, expect, it } from 'vitest';
import { CliFailure } from '../api-client.js';
import { WAITABLE_REASONS, formatDecision, guardAnswer, verdictOf, waitStep, type GuardAnswer } from './guard.js';

const reason = (code: string) => ({ code, text: { en: `${code} text`, fr: `texte ${code}` } });
const answer = (over: Partial<GuardAnswer> = {}): GuardAnswer => ({ rollout: 'kb-dc', ring: 1, verdict: 'no-go', reasons: [reason('ring_soaking')], checked: [], at: '2026-01-11T22:05:00.000Z', ...over });

describe('guard answers', () => {
  it('takes go only from a go without reasons for the rollout and ring asked', () => {
    expect(verdictOf(answer({ verdict: 'go', reasons: [] }), 'kb-dc', 1)).toBe('go');
    expect(verdictOf(answer(), 'kb-dc', 1)).toBe('no-go');
    for (const bad of [answer({ verdict: 'go' }), answer({ reasons: [] }), answer({ verdict: 'go', reasons: [], ring: 2 }), answer({ verdict: 'go', reasons: [], rollout: 'other' })]) {
      expect(() => verdictOf(bad, 'kb-dc', 1)).toThrow(CliFailure);
    }
  });

  it('does not parse an answer without a verdict, with an unknown verdict or without reasons', () => {
    expect(guardAnswer.safeParse({ verdict: 'go' }).success).toBe(false);
    expect(guardAnswer.safeParse({ ...answer(), verdict: 'GO' }).success).toBe(false);
    expect(guardAnswer.safeParse({ ...answer(), reasons: undefined }).success).toBe(false);
    expect(guardAnswer.safeParse({ ...answer(), reasons: [reason('a_new_reason')], extra: 1 }).success).toBe(true);
  });

  it.each([
    [['ring_soaking'], 'wait'],
    [['ring_unhealthy', 'incident_open', 'crisis_active', 'freeze'], 'wait'],
    [['ring_not_deployed'], 'stop'],
    [['rollout_closed', 'ring_soaking'], 'stop'],
    [['reboot_loop', 'ring_soaking'], 'stop'],
    [['a_new_reason'], 'stop'],
  ])('wait with %j → %s', (codes, step) => {
    expect(waitStep(answer({ reasons: codes.map(reason) }), 'kb-dc', 1)).toBe(step);
  });

  it('waits on soak, unhealthy rings, incidents, crises and freezes only', () => {
    expect([...WAITABLE_REASONS].sort()).toEqual(['crisis_active', 'freeze', 'incident_open', 'ring_soaking', 'ring_unhealthy']);
  });

  it('prints one reason per line with its code, or what was checked for a go', () => {
    expect(formatDecision(answer({ reasons: [reason('ring_not_deployed'), reason('freeze')] }), 'en')).toBe('no-go: ring 1 of rollout kb-dc\n  ring_not_deployed: ring_not_deployed text\n  freeze: freeze text\n');
    expect(formatDecision(answer({ reasons: [reason('freeze')] }), 'fr')).toBe('feu rouge : anneau 1 du déploiement kb-dc\n  freeze: texte freeze\n');
    expect(formatDecision(answer({ verdict: 'go', reasons: [], checked: [{ en: 'no active crisis', fr: 'aucune crise en cours' }] }), 'en')).toBe('go: ring 1 of rollout kb-dc\n  ok: no active crisis\n');
  });
});
