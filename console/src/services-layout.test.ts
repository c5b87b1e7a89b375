import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZES, dependantsOf, layoutServices, serviceDepths, type GraphService } from './services-layout.js';

const SERVICES: GraphService[] = [
  { id: 'website', dependsOn: ['auth', 'database'] },
  { id: 'auth', dependsOn: ['database'] },
  { id: 'database', dependsOn: [] },
  { id: 'mail', dependsOn: [] },
  { id: 'portal', dependsOn: [], contains: ['website'] },
];

describe('services layout', () => {
  it('puts each service one column after the deepest service it needs', () => {
    expect(Object.fromEntries(serviceDepths(SERVICES))).toEqual({ database: 0, mail: 0, auth: 1, website: 2, portal: 3 });
  });

  it('places nodes by column and row without overlap, inside the drawing', () => {
    const layout = layoutServices(SERVICES);
    const { nodeWidth, nodeHeight } = DEFAULT_SIZES;
    for (const a of layout.nodes) {
      expect(a.x + nodeWidth).toBeLessThanOrEqual(layout.width);
      expect(a.y + nodeHeight).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart = a.x + nodeWidth <= b.x || b.x + nodeWidth <= a.x || a.y + nodeHeight <= b.y || b.y + nodeHeight <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
    const column = (id: string) => layout.nodes.find((n) => n.id === id)!.column;
    expect([column('database'), column('auth'), column('website'), column('portal')]).toEqual([0, 1, 2, 3]);
  });

  it('draws one edge per dependency and per nested service, from what is needed to what needs it', () => {
    const layout = layoutServices(SERVICES);
    expect(layout.edges.map((e) => `${e.from}->${e.to}:${e.kind}`).sort()).toEqual([
      'auth->website:dependency',
      'database->auth:dependency',
      'database->website:dependency',
      'website->portal:member',
    ]);
    const edge = layout.edges.find((e) => e.from === 'database' && e.to === 'auth')!;
    const database = layout.nodes.find((n) => n.id === 'database')!;
    const auth = layout.nodes.find((n) => n.id === 'auth')!;
    expect(edge.path.startsWith(`M${database.x + DEFAULT_SIZES.nodeWidth},${database.y + DEFAULT_SIZES.nodeHeight / 2} `)).toBe(true);
    expect(edge.path.endsWith(` ${auth.x},${auth.y + DEFAULT_SIZES.nodeHeight / 2}`)).toBe(true);
  });

  it('orders a column by where what its services need sits (fewer crossings)', () => {
    const layout = layoutServices([
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: [] },
      { id: 'needs-b', dependsOn: ['b'] },
      { id: 'needs-a', dependsOn: ['a'] },
    ]);
    const row = (id: string) => layout.nodes.find((n) => n.id === id)!.row;
    expect(row('needs-a')).toBe(row('a'));
    expect(row('needs-b')).toBe(row('b'));
  });

  it('ignores unknown ids, survives a cycle, and lays out nothing as an empty drawing', () => {
    const layout = layoutServices([
      { id: 'x', dependsOn: ['y', 'ghost'] },
      { id: 'y', dependsOn: ['x'] },
    ]);
    expect(layout.nodes).toHaveLength(2);
    expect(layout.edges.every((e) => e.from !== 'ghost')).toBe(true);
    expect(layoutServices([])).toEqual({ width: 0, height: 0, nodes: [], edges: [] });
  });

  it('names the dependants of a service', () => {
    expect(dependantsOf('database', SERVICES)).toEqual(['auth', 'website']);
    expect(dependantsOf('website', SERVICES)).toEqual(['portal']);
    expect(dependantsOf('mail', SERVICES)).toEqual([]);
  });
});
