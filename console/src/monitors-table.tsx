/**
 * @module The monitor list as a virtualised ARIA grid: only the rows in view (plus a few) are in
 * the page, whatever the count, so 10,000 rows scroll and filter without delay. Column headers
 * sort; each row has a labelled checkbox for bulk actions.
 */
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Formatter } from './format.js';
import type { Sort, SortKey } from './monitors-filter.js';
import type { Monitor } from './types.js';

const ROW_HEIGHT = 44;
const COLUMNS: Array<{ key: SortKey | 'tags'; label: string; sortable: boolean }> = [
  { key: 'state', label: 'monitors.colState', sortable: true },
  { key: 'id', label: 'monitors.colId', sortable: true },
  { key: 'name', label: 'monitors.colName', sortable: true },
  { key: 'type', label: 'monitors.colType', sortable: true },
  { key: 'since', label: 'monitors.colSince', sortable: true },
  { key: 'latency', label: 'monitors.colLatency', sortable: true },
  { key: 'tags', label: 'monitors.colTags', sortable: false },
];

interface Props {
  rows: readonly Monitor[];
  sort: Sort;
  onSort: (key: SortKey) => void;
  selectable: boolean;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  format: Formatter;
}

export function MonitorsTable({ rows, sort, onSort, selectable, selected, onToggle, onToggleAll, format }: Props) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const allSelected = rows.length > 0 && rows.every((m) => selected.has(m.id));
  const cls = selectable ? 'grid-row selectable' : 'grid-row';

  return (
    <div role="grid" aria-label={t('monitors.list')} aria-rowcount={rows.length + 1} aria-multiselectable={selectable || undefined} className="grid">
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className={cls}>
          {selectable && (
            <div role="columnheader" className="cell-check">
              <input type="checkbox" checked={allSelected} onChange={onToggleAll} aria-label={t('monitors.selectAll', { count: rows.length, n: format.number(rows.length) })} />
            </div>
          )}
          {COLUMNS.map((c) => {
            const active = sort.key === c.key;
            return (
              <div key={c.key} role="columnheader" className={`cell-${c.key}`} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                {c.sortable ? (
                  <button type="button" className="sort" onClick={() => onSort(c.key as SortKey)} title={t('monitors.sortBy', { column: t(c.label) })}>
                    {t(c.label)}
                    <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                ) : (
                  t(c.label)
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scroller} className="grid-body" role="rowgroup" tabIndex={0} aria-label={t('monitors.list')}>
        <div className="grid-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const m = rows[item.index]!;
            const latency = m.state.lastResult?.latencyMs;
            return (
              <div key={m.id} role="row" aria-rowindex={item.index + 2} aria-selected={selectable ? selected.has(m.id) : undefined} className={cls} style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                {selectable && (
                  <div role="gridcell" className="cell-check">
                    <input type="checkbox" checked={selected.has(m.id)} onChange={() => onToggle(m.id)} aria-label={t('monitors.select', { name: m.name ?? m.id })} />
                  </div>
                )}
                <div role="gridcell" className="cell-state">
                  <span className={`badge badge-${m.state.state}`}>{t(`state.${m.state.state}`)}</span>
                  {m.state.flapping && <span className="muted"> {t('monitors.flapping')}</span>}
                </div>
                <div role="gridcell" className="cell-id" title={m.id}><Link to={`/monitors/${encodeURIComponent(m.id)}`}>{m.id}</Link></div>
                <div role="gridcell" className="cell-name" title={m.name ?? undefined}>{m.name ?? ''}</div>
                <div role="gridcell" className="cell-type">{m.type}</div>
                <div role="gridcell" className="cell-since">{format.dateTime(m.state.since)}</div>
                <div role="gridcell" className="cell-latency">{latency === null || latency === undefined ? '—' : t('monitors.ms', { value: format.number(latency, 1) })}</div>
                <div role="gridcell" className="cell-tags">{m.tags.join(', ')}</div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
