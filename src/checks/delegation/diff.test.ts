import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../types.js';
import { diffParentNameservers, keepParentView } from './diff.js';

const details = (nameservers: string[] | null, delegated: boolean | null, name = 'example.org') => ({ name, parent: { nameservers, delegated } });
const result = (d: Record<string, unknown>): CheckResult => ({ status: 'up', message: '', latencyMs: 1, details: d });

describe('diffParentNameservers', () => {
  it('raises one event with before and after when the set changes', () => {
    const events = diffParentNameservers(details(['a.test', 'b.test'], true), result(details(['a.test', 'c.test'], true)));
    expect(events).toEqual([
      {
        type: 'delegation.parent_ns_changed',
        message: "the parent zone's name servers for example.org changed: a.test, b.test → a.test, c.test",
        messages: {
          en: "the parent zone's name servers for example.org changed: a.test, b.test → a.test, c.test",
          fr: 'les serveurs de noms de example.org dans la zone parente ont changé : a.test, b.test → a.test, c.test',
        },
        before: ['a.test', 'b.test'],
        after: ['a.test', 'c.test'],
      },
    ]);
  });

  it('raises one when the delegation disappears, and nothing for the same set in another order', () => {
    expect(diffParentNameservers(details(['a.test'], true), result(details(null, false)))[0]?.message).toContain('a.test → (none)');
    expect(diffParentNameservers(details(['b.test', 'a.test'], true), result(details(['a.test', 'b.test'], true)))).toEqual([]);
  });

  it('raises nothing when either run could not ask the parent, on a first run, or for another domain', () => {
    expect(diffParentNameservers(details(null, null), result(details(['a.test'], true)))).toEqual([]);
    expect(diffParentNameservers(undefined, result(details(['a.test'], true)))).toEqual([]);
    expect(diffParentNameservers(details(['a.test'], true, 'other.org'), result(details(['b.test'], true)))).toEqual([]);
  });

  it('compares across runs where the parent did not answer, with the NS set they carried', () => {
    const failed = result(details(null, null));
    const carried = keepParentView(details(['a.test', 'b.test'], true), failed);
    expect(carried).toMatchObject({ lastParent: { nameservers: ['a.test', 'b.test'] } });
    const stillFailing = keepParentView(carried, failed);
    expect(diffParentNameservers(stillFailing, result(details(['c.test', 'd.test'], true)))).toMatchObject([{ before: ['a.test', 'b.test'], after: ['c.test', 'd.test'] }]);
    expect(diffParentNameservers(stillFailing, result(details(['b.test', 'a.test'], true)))).toEqual([]);
    const gone = diffParentNameservers(stillFailing, result(details(null, false)))[0];
    expect(gone?.messages?.fr).toContain('a.test, b.test → (aucun)');
  });

  it('keeps a run whose parent answered as it is, and carries nothing for another domain', () => {
    const answered = result(details(['a.test'], true));
    expect(keepParentView(details(['b.test'], true), answered)).toBe(answered.details);
    const otherFailed = result(details(null, null, 'other.org'));
    expect(keepParentView(details(['b.test'], true), otherFailed)).toBe(otherFailed.details);
  });
});
