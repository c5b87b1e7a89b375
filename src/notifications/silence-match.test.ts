import { describe, expect, it } from 'vitest';
import { silenceMatches, type SilenceFacts } from './silence-match.js';

const facts = (over: Partial<SilenceFacts> = {}): SilenceFacts => ({ services: ['emergency-calls', 'sip-core'], tags: ['telecom'], severity: 'SEV1', incidentId: 7, ...over });
const silence = (matchers: Record<string, unknown>, startsAt = 1000, endsAt = 2000) => ({ matchers: matchers as Record<string, string[]>, startsAt, endsAt });

describe('silenceMatches', () => {
  it('holds from starts_at (inclusive) to ends_at (exclusive) only', () => {
    const s = silence({ services: ['sip-core'] });
    expect(silenceMatches(s, facts(), 999)).toBe(false);
    expect(silenceMatches(s, facts(), 1000)).toBe(true);
    expect(silenceMatches(s, facts(), 1999)).toBe(true);
    expect(silenceMatches(s, facts(), 2000)).toBe(false);
  });

  it('needs every given matcher, any value of each', () => {
    expect(silenceMatches(silence({ services: ['web', 'sip-core'], severities: ['SEV1', 'SEV2'] }), facts(), 1500)).toBe(true);
    expect(silenceMatches(silence({ services: ['sip-core'], severities: ['SEV2'] }), facts(), 1500)).toBe(false);
    expect(silenceMatches(silence({ tags: ['web'] }), facts(), 1500)).toBe(false);
    expect(silenceMatches(silence({ tags: ['telecom'] }), facts(), 1500)).toBe(true);
  });

  it('matches incidents by id, also when stored as strings, and never without an id', () => {
    expect(silenceMatches(silence({ incidents: [7] }), facts(), 1500)).toBe(true);
    expect(silenceMatches(silence({ incidents: ['7'] }), facts(), 1500)).toBe(true);
    expect(silenceMatches(silence({ incidents: [8] }), facts(), 1500)).toBe(false);
    expect(silenceMatches(silence({ incidents: [7] }), facts({ incidentId: undefined }), 1500)).toBe(false);
  });

  it('a silence without any matcher silences nothing', () => {
    expect(silenceMatches(silence({}), facts(), 1500)).toBe(false);
  });
});
