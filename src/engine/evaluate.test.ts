import { describe, expect, it } from 'vitest';
import type { ResultStatus } from '../core/states.js';
import { evaluate, pauseTransition, type EvaluationPolicy } from './evaluate.js';
import { initialState, type MonitorState } from './monitor-state.js';

const policy: EvaluationPolicy = { monitorId: 'm', confirmations: { down: 2, up: 1 }, flapping: { changes: 3, windowMs: 60_000 } };

/** Feeds statuses one per second; returns the states and transitions seen. */
function feed(statuses: ResultStatus[], p = policy, start: MonitorState = initialState()) {
  let state = start;
  const states: string[] = [];
  const transitions: string[] = [];
  let flapFlips = 0;
  statuses.forEach((status, i) => {
    const out = evaluate(state, { status, message: `msg ${i}`, latencyMs: 10 }, p, 1000 * (i + 1));
    state = out.state;
    states.push(state.state);
    if (out.transition) transitions.push(`${out.transition.fromState}→${out.transition.toState}`);
    if (out.flappingChanged) flapFlips++;
  });
  return { state, states, transitions, flapFlips };
}

describe('evaluate', () => {
  const cases: Array<{ name: string; input: ResultStatus[]; states: string[]; transitions: string[] }> = [
    { name: 'first success confirms up at once', input: ['up'], states: ['up'], transitions: ['pending→up'] },
    { name: 'one failure is not enough to go down', input: ['up', 'down', 'up'], states: ['up', 'up', 'up'], transitions: ['pending→up'] },
    { name: 'two consecutive failures go down', input: ['up', 'down', 'down'], states: ['up', 'up', 'down'], transitions: ['pending→up', 'up→down'] },
    { name: 'mixed failures count together and the latest wins', input: ['up', 'degraded', 'down'], states: ['up', 'up', 'down'], transitions: ['pending→up', 'up→down'] },
    { name: 'one success recovers', input: ['up', 'down', 'down', 'up'], states: ['up', 'up', 'down', 'up'], transitions: ['pending→up', 'up→down', 'down→up'] },
    { name: 'unknown is confirmed like a failure', input: ['up', 'unknown', 'unknown'], states: ['up', 'up', 'unknown'], transitions: ['pending→up', 'up→unknown'] },
    { name: 'a first failure needs confirming too', input: ['down', 'down'], states: ['pending', 'down'], transitions: ['pending→down'] },
    { name: 'down to degraded needs confirming', input: ['down', 'down', 'degraded', 'degraded'], states: ['pending', 'down', 'down', 'degraded'], transitions: ['pending→down', 'down→degraded'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = feed(c.input);
      expect(out.states).toEqual(c.states);
      expect(out.transitions).toEqual(c.transitions);
    });
  }

  it('honours custom confirmation counts', () => {
    const p = { ...policy, confirmations: { down: 3, up: 2 } };
    const out = feed(['up', 'up', 'down', 'down', 'down', 'up', 'up'], p);
    expect(out.transitions).toEqual(['pending→up', 'up→down', 'down→up']);
    expect(out.states).toEqual(['pending', 'up', 'up', 'up', 'down', 'down', 'up']);
  });

  it('writes a reason that names the state, the message and the confirmations', () => {
    const first = evaluate(initialState(), { status: 'up', message: 'HTTP 200', latencyMs: 5 }, policy, 1);
    const a = evaluate(first.state, { status: 'down', message: 'HTTP 503', latencyMs: 5 }, policy, 2);
    const b = evaluate(a.state, { status: 'down', message: 'expected status 200, got 503', latencyMs: 5 }, policy, 3);
    expect(b.transition?.reason).toBe('down: expected status 200, got 503 (confirmed by 2 consecutive results)');
    expect(b.state.since).toBe(3);
  });

  it('flags flapping when changes exceed the limit within the window, and clears it after', () => {
    const out = feed(['up', 'down', 'down', 'up', 'down', 'down', 'up', 'down', 'down', 'up']);
    expect(out.state.flapping).toBe(true);
    expect(out.flapFlips).toBe(1);
    const later = evaluate(out.state, { status: 'up', message: 'ok', latencyMs: 1 }, policy, 200_000);
    expect(later.state.flapping).toBe(false);
    expect(later.flappingChanged).toBe(true);
  });

  it('keeps a paused monitor paused and records pause/resume transitions', () => {
    const paused = pauseTransition('m', feed(['up']).state, true, 50, 'ci');
    expect(paused.transition.reason).toBe('paused by ci');
    const after = evaluate(paused.state, { status: 'down', message: 'x', latencyMs: null }, policy, 60);
    expect(after.state.state).toBe('paused');
    expect(after.transition).toBeUndefined();
    const resumed = pauseTransition('m', after.state, false, 70, 'ci');
    expect(resumed.state.state).toBe('pending');
  });
});
