import { describe, expect, it } from 'vitest';
import { statusPageSchema } from './status.schema.js';
import { pageLayout, publicComponentId } from './page-layout.js';

const page = statusPageSchema.parse({
  id: 'public',
  title: 'Status',
  components: [
    { service: 'emergency-calls' },
    { group: { en: 'Web', fr: 'Web' }, components: [{ monitor: 'web-1.prod', name: { en: 'Website', fr: 'Site web' } }, { service: 'mail', name: 'Mail' }] },
    { service: 'emergency-calls' },
  ],
});

describe('pageLayout', () => {
  const layout = pageLayout(page, new Map([['emergency-calls', { en: 'Emergency calls', fr: 'Appels d’urgence' }]]));

  it('lays components out in page order with their groups and public names', () => {
    expect(layout.components.map((c) => [c.name.en, c.position, c.groupId === null])).toEqual([
      ['Emergency calls', 0, true],
      ['Website', 1, false],
      ['Mail', 2, false],
    ]);
    expect(layout.groups).toHaveLength(1);
    expect(layout.groups[0]!.componentIds).toEqual([layout.components[1]!.id, layout.components[2]!.id]);
  });

  it('gives stable public ids that do not reveal the monitor or service', () => {
    const id = publicComponentId({ kind: 'monitor', id: 'web-1.prod' });
    expect(id).toMatch(/^c[0-9a-f]{11}$/);
    expect(id).toBe(layout.components[1]!.id);
    expect(id).not.toBe(publicComponentId({ kind: 'service', id: 'web-1.prod' }));
    expect(JSON.stringify(layout.components.map(({ ref: _ref, ...c }) => c))).not.toContain('web-1');
  });
});
