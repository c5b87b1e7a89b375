/**
 * @module The layered layout of the services graph, pure: each service in a column by depth (a
 * service needing nothing in the first column, a service in the column after the deepest of
 * what it needs — its dependencies and the services it is made of), rows ordered in each column
 * by where what they need sits (fewer crossings), and one curve per edge from what is needed
 * (left) to what needs it (right). Unknown ids are ignored; a cycle (the configuration refuses
 * them) cannot loop.
 */

/** One service as the layout needs it. */
export interface GraphService {
  id: string;
  /** Services it depends on (`depends_on`). */
  dependsOn: readonly string[];
  /** Services it is made of (nested services among its members). */
  contains?: readonly string[];
}

export interface GraphNode {
  id: string;
  column: number;
  row: number;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface GraphEdge {
  /** What is needed. */
  from: string;
  /** What needs it. */
  to: string;
  kind: 'dependency' | 'member';
  /** An SVG path (`d`), a cubic curve from the right side of `from` to the left side of `to`. */
  path: string;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface LayoutSizes {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
  margin: number;
}

export const DEFAULT_SIZES: LayoutSizes = { nodeWidth: 220, nodeHeight: 76, gapX: 70, gapY: 22, margin: 8 };

/** The column of every service: 0 when it needs nothing, else one more than the deepest it needs. */
export function serviceDepths(services: readonly GraphService[]): Map<string, number> {
  const byId = new Map(services.map((s) => [s.id, s]));
  const depths = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const needs = needed(byId.get(id)!).filter((n) => byId.has(n));
    const d = needs.length === 0 ? 0 : 1 + Math.max(...needs.map(depth));
    visiting.delete(id);
    depths.set(id, d);
    return d;
  };
  for (const s of services) depth(s.id);
  return depths;
}

function needed(service: GraphService): string[] {
  return [...new Set([...service.dependsOn, ...(service.contains ?? [])])];
}

/** Places the services and draws their edges. */
export function layoutServices(services: readonly GraphService[], sizes: LayoutSizes = DEFAULT_SIZES): GraphLayout {
  const byId = new Map(services.map((s) => [s.id, s]));
  const depths = serviceDepths(services);
  const columns: string[][] = [];
  for (const s of [...services].sort((a, b) => a.id.localeCompare(b.id))) (columns[depths.get(s.id)!] ??= []).push(s.id);

  const rows = new Map<string, number>();
  for (const column of columns) {
    if (!column) continue;
    // Barycentre of what each needs in the columns already placed; ties (and the first column) by id.
    const centre = (id: string) => {
      const placed = needed(byId.get(id)!).map((n) => rows.get(n)).filter((r): r is number => r !== undefined);
      return placed.length === 0 ? Number.POSITIVE_INFINITY : placed.reduce((a, b) => a + b, 0) / placed.length;
    };
    const ordered = column.map((id) => ({ id, c: centre(id) })).sort((a, b) => a.c - b.c || a.id.localeCompare(b.id));
    ordered.forEach((o, i) => rows.set(o.id, i));
  }

  const { nodeWidth, nodeHeight, gapX, gapY, margin } = sizes;
  const nodes: GraphNode[] = services.map((s) => {
    const column = depths.get(s.id)!;
    const row = rows.get(s.id)!;
    return { id: s.id, column, row, x: margin + column * (nodeWidth + gapX), y: margin + row * (nodeHeight + gapY) };
  });
  const at = new Map(nodes.map((n) => [n.id, n]));

  const edges: GraphEdge[] = [];
  for (const s of services) {
    const to = at.get(s.id)!;
    const add = (from: string, kind: GraphEdge['kind']) => {
      const source = at.get(from);
      if (!source || edges.some((e) => e.from === from && e.to === s.id)) return;
      const x1 = source.x + nodeWidth;
      const y1 = source.y + nodeHeight / 2;
      const x2 = to.x;
      const y2 = to.y + nodeHeight / 2;
      const bend = Math.max(20, (x2 - x1) / 2);
      edges.push({ from, to: s.id, kind, path: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}` });
    };
    for (const d of s.dependsOn) add(d, 'dependency');
    for (const c of s.contains ?? []) add(c, 'member');
  }

  const columnCount = columns.length;
  const rowCount = Math.max(0, ...columns.map((c) => c?.length ?? 0));
  return {
    width: columnCount === 0 ? 0 : 2 * margin + columnCount * nodeWidth + (columnCount - 1) * gapX,
    height: rowCount === 0 ? 0 : 2 * margin + rowCount * nodeHeight + (rowCount - 1) * gapY,
    nodes,
    edges,
  };
}

/** Services that depend on `id` or are made of it (its dependants). */
export function dependantsOf(id: string, services: readonly GraphService[]): string[] {
  return services.filter((s) => s.dependsOn.includes(id) || (s.contains ?? []).includes(id)).map((s) => s.id).sort();
}
