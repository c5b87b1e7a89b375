import { describe, expect, it } from 'vitest';
import { formatPath } from '../api/errors.js';
import { monitorInputSchema, toDefinition } from './monitor.schema.js';

const base = { id: 'web', http: { url: 'http://127.0.0.1:8080/health' } };

function issues(input: Record<string, unknown>): string[] {
  const parsed = monitorInputSchema.safeParse({ ...base, ...input });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

describe('monitor schema: locations and quorum', () => {
  it('defaults to this node alone with a quorum of 1, and leaves the definition as before', () => {
    const def = toDefinition(monitorInputSchema.parse(base));
    expect(def.locations).toBeUndefined();
    expect(def.quorum).toBeUndefined();
    expect(Object.keys(def)).not.toContain('locations');
  });

  it('carries locations and a quorum into the definition', () => {
    const def = toDefinition(monitorInputSchema.parse({ ...base, locations: ['local', 'paris', 'noumea'], quorum: 2 }));
    expect(def.locations).toEqual(['local', 'paris', 'noumea']);
    expect(def.quorum).toBe(2);
  });

  it('refuses a quorum the locations cannot reach, duplicates and bad names', () => {
    expect(issues({ quorum: 2 })).toEqual(['quorum: must not exceed the number of locations (1: only `local` without `locations`)']);
    expect(issues({ locations: ['local', 'paris'], quorum: 3 })).toEqual(['quorum: must not exceed the number of locations (2)']);
    expect(issues({ locations: ['local', 'paris', 'local'] })).toEqual(['locations[2]: lists "local" twice']);
    expect(issues({ locations: ['Paris!'] })[0]).toMatch(/^locations\[0\]: must be 1-63 characters/);
    expect(issues({ locations: [] })[0]).toMatch(/^locations: /);
    expect(issues({ quorum: 0 })[0]).toMatch(/^quorum: /);
  });
});
