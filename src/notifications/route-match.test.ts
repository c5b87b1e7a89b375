import { describe, expect, it } from 'vitest';
import { matchRoutes, type IncidentFacts } from './route-match.js';
import { retryDelay, MAX_RETRY_MS } from './backoff.js';
import type { Route } from './routes.schema.js';

const route = (name: string, match: Route['match'], extra: Partial<Route> = {}): Route => ({ match, channels: [name], groupWaitMs: 0, groupIntervalMs: 0, repeatIntervalMs: 60_000, continue: false, routes: [], ...extra });
const facts = (over: Partial<IncidentFacts> = {}): IncidentFacts => ({ services: ['emergency-calls'], tags: ['telecom'], severity: 'SEV1', criticality: 'vital', ...over });

describe('matchRoutes', () => {
  const routes = [
    route('vital', { criticalities: ['vital'] }, { routes: [route('calls-sev1', { services: ['emergency-calls'], severities: ['SEV1'] }), route('calls-any', { services: ['emergency-calls'] })] }),
    route('telecom', { tags: ['telecom'] }),
    route('catch-all', {}),
  ];

  it('takes the deepest matching child, and stops at the first matching sibling', () => {
    expect(matchRoutes(routes, facts()).map((r) => r.channels[0])).toEqual(['calls-sev1']);
    expect(matchRoutes(routes, facts({ severity: 'SEV2' })).map((r) => r.channels[0])).toEqual(['calls-any']);
    expect(matchRoutes(routes, facts({ services: ['web'] })).map((r) => r.channels[0])).toEqual(['vital']);
    expect(matchRoutes(routes, facts({ criticality: 'normal' })).map((r) => r.channels[0])).toEqual(['telecom']);
    expect(matchRoutes(routes, facts({ criticality: undefined, tags: [] })).map((r) => r.channels[0])).toEqual(['catch-all']);
  });

  it('goes on after a route that says continue, and takes nothing when nothing matches', () => {
    const withContinue = [route('audit', {}, { continue: true }), route('pager', { severities: ['SEV1'] })];
    expect(matchRoutes(withContinue, facts()).map((r) => r.channels[0])).toEqual(['audit', 'pager']);
    expect(matchRoutes([route('pager', { severities: ['SEV1'] })], facts({ severity: 'SEV3' }))).toEqual([]);
  });
});

describe('retryDelay', () => {
  it('doubles from 2 s with jitter between half and all of it, capped at 1 min', () => {
    expect([1, 2, 3].map((n) => retryDelay(n, 0))).toEqual([1000, 2000, 4000]);
    expect([1, 2, 3].map((n) => retryDelay(n, 0.999999))).toEqual([2000, 4000, 8000]);
    expect(retryDelay(40, 0.5)).toBeLessThanOrEqual(MAX_RETRY_MS);
    expect(retryDelay(40, 0)).toBe(MAX_RETRY_MS / 2);
  });

  it('waits at least what Retry-After asked', () => {
    expect(retryDelay(1, 0, 8000)).toBe(8000);
    expect(retryDelay(5, 1, 8000)).toBe(32_000);
  });
});
