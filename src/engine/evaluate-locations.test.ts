import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/types.js';
import type { ResultStatus } from '../core/states.js';
import type { MonitorDefinition } from '../monitors/monitor.schema.js';
import { evaluateAtLocation, isMultiLocation, locationPolicyOf, reviewSilence, type LocationPolicy } from './evaluate-locations.js';
import { checkDetailsOf, LOCATIONS_KEY, readLocationStates } from './location-states.js';
import { initialState, type MonitorState, type TransitionDraft } from './monitor-state.js';

const LOCATIONS = ['local', 'paris', 'noumea'];

function policy(quorum: number, over: Partial<LocationPolicy> = {}): LocationPolicy {
  return {
    monitorId: 'm',
    confirmations: { down: 2, up: 1 },
    flapping: { changes: 3, windowMs: 600_000 },
    locations: LOCATIONS,
    quorum,
    silentAfterMs: 30_000,
    ...over,
  };
}

/** `paris:down` → one result of `paris`; `*:up` → one result of every location. */
type Step = string;

function result(location: string, status: ResultStatus): CheckResult {
  const message = status === 'up' ? 'HTTP 200' : `HTTP 503 from ${location}`;
  return { status, message, messages: { en: message, fr: status === 'up' ? 'HTTP 200' : `HTTP 503 depuis ${location}` }, latencyMs: 12 };
}

/** Feeds steps one second apart from the start state's last result (`+Ns` lets time pass); returns the monitor state after each step and the transitions. */
function feed(steps: Step[], p: LocationPolicy, start: MonitorState = initialState()) {
  let state = start;
  let now = start.lastResultAt ?? 0;
  const states: string[] = [];
  const transitions: TransitionDraft[] = [];
  let flapFlips = 0;
  for (const step of steps) {
    const wait = /^\+(\d+)s$/.exec(step);
    if (wait) {
      now += Number(wait[1]) * 1000;
      continue;
    }
    const [where, status] = step.split(':') as [string, ResultStatus];
    for (const location of where === '*' ? p.locations : [where]) {
      now += 1000;
      const out = evaluateAtLocation(state, { location, result: result(location, status), local: location === 'local' }, p, now);
      state = out.state;
      if (out.transition) transitions.push(out.transition);
      if (out.flappingChanged) flapFlips++;
    }
    states.push(state.state);
  }
  return { state, states, transitions, arrows: transitions.map((t) => `${t.fromState}→${t.toState}`), flapFlips };
}

describe('evaluateAtLocation: the quorum of locations', () => {
  const twice = (location: string, status: ResultStatus) => [`${location}:${status}`, `${location}:${status}`];
  const cases: Array<{ name: string; quorum: number; steps: Step[]; states: string[]; arrows: string[] }> = [
    {
      name: 'quorum 1: one location confirmed down is enough',
      quorum: 1,
      steps: ['*:up', ...twice('paris', 'down'), 'paris:up'],
      states: ['up', 'up', 'down', 'up'],
      arrows: ['pending→up', 'up→down', 'down→up'],
    },
    {
      name: 'quorum 2: one location down keeps it up, two take it down, one back up recovers it',
      quorum: 2,
      steps: ['*:up', ...twice('paris', 'down'), ...twice('noumea', 'down'), 'noumea:up'],
      states: ['up', 'up', 'up', 'up', 'down', 'up'],
      arrows: ['pending→up', 'up→down', 'down→up'],
    },
    {
      name: 'quorum 3: two locations down is not enough, the third one is',
      quorum: 3,
      steps: ['*:up', ...twice('paris', 'down'), ...twice('noumea', 'down'), ...twice('local', 'down')],
      states: ['up', 'up', 'up', 'up', 'up', 'up', 'down'],
      arrows: ['pending→up', 'up→down'],
    },
    {
      name: 'each location confirms on its own: alternating failures at two locations never reach the quorum',
      quorum: 2,
      steps: ['*:up', 'paris:down', 'noumea:down', 'paris:up', 'noumea:up', 'paris:down', 'noumea:down'],
      states: ['up', 'up', 'up', 'up', 'up', 'up', 'up'],
      arrows: ['pending→up'],
    },
    {
      name: 'mixed degraded and down: the quorum of failing locations makes it degraded, of down ones down',
      quorum: 2,
      steps: ['*:up', ...twice('paris', 'down'), ...twice('noumea', 'degraded'), ...twice('noumea', 'down')],
      states: ['up', 'up', 'up', 'up', 'degraded', 'degraded', 'down'],
      arrows: ['pending→up', 'up→degraded', 'degraded→down'],
    },
    {
      name: 'no location has a confirmed state yet: pending, then down once the quorum confirms',
      quorum: 2,
      steps: ['paris:down', 'noumea:down', 'paris:down', 'noumea:down'],
      states: ['pending', 'pending', 'pending', 'down'],
      arrows: ['pending→down'],
    },
    {
      name: 'nobody sees it up and too few see it down: unknown',
      quorum: 2,
      steps: ['*:up', ...twice('local', 'unknown'), ...twice('paris', 'unknown'), ...twice('noumea', 'down')],
      states: ['up', 'up', 'up', 'up', 'up', 'up', 'unknown'],
      arrows: ['pending→up', 'up→unknown'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = feed(c.steps, policy(c.quorum));
      expect(out.states).toEqual(c.states);
      expect(out.arrows).toEqual(c.arrows);
    });
  }

  it('names the locations, the quorum and their messages in the reason, in English and French', () => {
    const out = feed(['*:up', ...twice('paris', 'down'), ...twice('noumea', 'down'), 'paris:up'], policy(2));
    const down = out.transitions[1]!;
    expect(down.reason).toBe('down at 2 of 3 locations (paris, noumea): paris: HTTP 503 from paris; noumea: HTTP 503 from noumea');
    expect(down.details).toMatchObject({
      quorum: 2,
      locations: { local: 'up', paris: 'down', noumea: 'down' },
      messages: { fr: 'hors service selon 2 emplacements sur 3 (paris, noumea) : paris : HTTP 503 depuis paris ; noumea : HTTP 503 depuis noumea' },
    });
    const up = out.transitions[2]!;
    expect(up.reason).toBe('recovered: failing at 1 of 3 locations (noumea), below the quorum of 2');
    expect((up.details?.messages as { fr: string }).fr).toBe('rétabli : en échec selon 1 emplacement sur 3 (noumea), sous le quorum de 2');
    expect(out.transitions[0]!.reason).toBe('up: up at 1 of 3 locations (local)');
  });

  it('a location going silent counts neither way: the quorum is lost and the reason says who is silent', () => {
    const p = policy(2);
    const down = feed(['*:up', ...twice('paris', 'down'), ...twice('noumea', 'down')], p);
    expect(down.state.state).toBe('down');
    // noumea stops reporting; paris keeps seeing it down and local sees it up, past the silence limit (30 s).
    const later = feed(['+25s', 'paris:down', 'local:up', '+10s', 'paris:down', 'local:up'], p, down.state);
    expect(later.states).toEqual(['down', 'down', 'up', 'up']);
    expect(later.arrows).toEqual(['down→up']);
    expect(later.transitions[0]!.reason).toBe('recovered: failing at 1 of 3 locations (paris), below the quorum of 2; silent: noumea');
    expect(later.transitions[0]!.details).toMatchObject({ locations: { local: 'up', paris: 'down', noumea: 'silent' } });
  });

  it('a silent location still counts until the silence limit is reached', () => {
    const p = policy(2);
    const down = feed(['*:up', ...twice('paris', 'down'), ...twice('noumea', 'down')], p);
    const soon = feed(['+20s', 'paris:down', 'local:up'], p, down.state);
    expect(soon.arrows).toEqual([]);
    expect(soon.state.state).toBe('down');
  });

  it('flapping at one location stays with that location; the monitor neither changes nor flaps', () => {
    const p = policy(2, { confirmations: { down: 1, up: 1 } });
    const flips = Array.from({ length: 10 }, (_, i) => `paris:${i % 2 === 0 ? 'down' : 'up'}`);
    const out = feed(['*:up', ...flips], p);
    expect(out.arrows).toEqual(['pending→up']);
    expect(out.flapFlips).toBe(0);
    expect(out.state.flapping).toBe(false);
    const paris = readLocationStates(out.state.lastDetails).get('paris')!;
    expect(paris.flapping).toBe(true);
    expect(readLocationStates(out.state.lastDetails).get('noumea')!.flapping).toBe(false);
  });

  it('the monitor itself flaps when the quorum keeps flipping', () => {
    const p = policy(1, { confirmations: { down: 1, up: 1 } });
    const flips = Array.from({ length: 8 }, (_, i) => `paris:${i % 2 === 0 ? 'down' : 'up'}`);
    const out = feed(['*:up', ...flips], p);
    expect(out.arrows).toHaveLength(9);
    expect(out.state.flapping).toBe(true);
    expect(out.flapFlips).toBe(1);
  });

  it('a paused monitor records what locations see without any transition', () => {
    const paused: MonitorState = { ...initialState(), state: 'paused' };
    const out = feed([...twice('paris', 'down'), ...twice('noumea', 'down')], policy(2), paused);
    expect(out.arrows).toEqual([]);
    expect(out.state.state).toBe('paused');
    expect(readLocationStates(out.state.lastDetails).get('noumea')!.state).toBe('down');
  });
});

describe('per-location states kept in lastDetails', () => {
  it('keeps the check details of local runs for diff, which remote results do not overwrite', () => {
    const p = policy(2);
    let state = initialState();
    state = evaluateAtLocation(state, { location: 'local', result: { status: 'up', message: 'ok', latencyMs: 1, details: { answers: ['192.0.2.1'] } }, local: true }, p, 1000).state;
    state = evaluateAtLocation(state, { location: 'paris', result: { status: 'up', message: 'ok', latencyMs: 1, details: { answers: ['x'] } }, local: false }, p, 2000).state;
    expect(checkDetailsOf(state.lastDetails)).toEqual({ answers: ['192.0.2.1'] });
    expect(Object.keys(state.lastDetails![LOCATIONS_KEY] as object)).toEqual(['local', 'paris']);
    expect(checkDetailsOf({ [LOCATIONS_KEY]: {} })).toBeNull();
  });

  it('survives a JSON round trip (a restart) and drops what does not parse', () => {
    const out = feed(['*:up', 'paris:down', 'paris:down'], policy(2));
    const stored = JSON.parse(JSON.stringify(out.state.lastDetails)) as Record<string, unknown>;
    (stored[LOCATIONS_KEY] as Record<string, unknown>).ghost = { state: 'sideways' };
    const states = readLocationStates(stored);
    expect([...states.keys()]).toEqual(['local', 'paris', 'noumea']);
    expect(states.get('paris')).toMatchObject({ state: 'down', lastMessage: 'HTTP 503 from paris', lastMessageFr: 'HTTP 503 depuis paris' });
    // Evaluation goes on from the restored states: one more location down reaches the quorum.
    const next = feed(['noumea:down', 'noumea:down'], policy(2), { ...out.state, lastDetails: stored });
    expect(next.arrows).toEqual(['up→down']);
  });

  it('drops the states of locations the monitor no longer lists', () => {
    const out = feed(['*:up'], policy(1));
    const fewer = evaluateAtLocation(out.state, { location: 'local', result: result('local', 'up'), local: true }, policy(1, { locations: ['local', 'paris'] }), 10_000);
    expect([...readLocationStates(fewer.state.lastDetails).keys()]).toEqual(['local', 'paris']);
  });
});

describe('which monitors are judged per location', () => {
  const def: MonitorDefinition = { id: 'm', name: 'm', tags: [], intervalMs: 10_000, timeoutMs: 2000, confirmations: { down: 2, up: 1 }, flapping: { changes: 5, windowMs: 3_600_000 }, paused: false, type: 'http', check: {} };
  it('only those that declare locations or a quorum above 1', () => {
    expect(isMultiLocation(def)).toBe(false);
    expect(isMultiLocation({ ...def, locations: ['local'] })).toBe(true);
    expect(isMultiLocation({ ...def, quorum: 2 })).toBe(true);
  });
  it('a location is silent after three intervals and a timeout; locations default to this node', () => {
    expect(locationPolicyOf(def, 'local')).toMatchObject({ locations: ['local'], quorum: 1, silentAfterMs: 32_000 });
    expect(locationPolicyOf({ ...def, locations: ['a', 'b'], quorum: 2 }, 'local')).toMatchObject({ locations: ['a', 'b'], quorum: 2 });
  });
});

describe('reviewSilence: time alone changes the verdict', () => {
  const remote = policy(2, { locations: ['paris', 'noumea', 'sydney'] });
  const { state: down } = feed(['paris:down', 'paris:down', 'noumea:down', 'noumea:down', 'sydney:up'], remote);

  it('changes nothing while no location is silent, or for a paused monitor', () => {
    expect(down.state).toBe('down');
    expect(reviewSilence(down, remote, down.lastResultAt! + 10_000)).toBeUndefined();
    expect(reviewSilence({ ...down, state: 'paused' }, remote, down.lastResultAt! + 120_000)).toBeUndefined();
  });

  it('stops calling it down once the locations that saw it down fall silent, and names them', () => {
    // paris and noumea reported 1–3 s before sydney (silent after 30 s): 29.5 s after sydney's result only they are silent.
    const review = reviewSilence(down, remote, down.lastResultAt! + 29_500);
    expect(review?.state.state).toBe('up');
    expect(review?.transition).toMatchObject({ fromState: 'down', toState: 'up', reason: 'recovered: up at 1 of 3 locations (sydney); silent: paris, noumea' });
  });

  it('turns unknown once every location is silent', () => {
    const review = reviewSilence(down, remote, down.lastResultAt! + 60_000);
    expect(review?.transition).toMatchObject({ fromState: 'down', toState: 'unknown', details: { locations: { paris: 'silent', noumea: 'silent', sydney: 'silent' } } });
  });
});
