/**
 * @module The services graph drawn in SVG by React from {@link layoutServices}: a box per
 * service with its name, its state in words (and colour), and its k-of-n count; a line per
 * dependency (solid) and per service it is made of (dashed). Each box is a link to the service,
 * named by its lines (each ends with a space, so that they do not run together when read).
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Formatter } from './format.js';
import { graphService, useServiceWords, type ServiceDetail } from './services-data.js';
import { DEFAULT_SIZES, layoutServices } from './services-layout.js';

const NAME_MAX = 26;

function short(text: string): string {
  return text.length > NAME_MAX ? `${text.slice(0, NAME_MAX - 1)}…` : text;
}

export function ServicesGraph({ services, format }: { services: readonly ServiceDetail[]; format: Formatter }) {
  const { t } = useTranslation();
  const words = useServiceWords(format);
  const layout = useMemo(() => layoutServices(services.map(graphService)), [services]);
  const byId = useMemo(() => new Map(services.map((s) => [s.id, s])), [services]);
  const { nodeWidth: w, nodeHeight: h } = DEFAULT_SIZES;
  return (
    <div className="sg-wrap">
      <svg className="sg" role="group" aria-label={t('services.graphLabel')} width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`}>
        <defs>
          <marker id="sg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="sg-arrow" />
          </marker>
        </defs>
        {layout.edges.map((e) => (
          <path key={`${e.from}>${e.to}`} d={e.path} className={`sg-edge sg-edge-${e.kind}`} markerEnd="url(#sg-arrow)" data-from={e.from} data-to={e.to} />
        ))}
        {layout.nodes.map((n) => {
          const s = byId.get(n.id)!;
          const name = format.text(s.name) || s.id;
          const state = words.state(s);
          const redundancy = words.redundancy(s);
          const label = redundancy ? t('services.nodeLabelRedundancy', { name, state, redundancy }) : t('services.nodeLabel', { name, state });
          return (
            <Link key={n.id} to={`/services/${encodeURIComponent(n.id)}`} aria-label={label} className={`sg-node sg-${s.state ?? 'none'}`} data-service={n.id}>
              <rect x={n.x} y={n.y} width={w} height={h} rx="8" className="sg-box" />
              <rect x={n.x} y={n.y} width="8" height={h} rx="3" className="sg-stripe" />
              <text x={n.x + 18} y={n.y + 22} className="sg-name">{short(name)} </text>
              <text x={n.x + 18} y={n.y + 44} className="sg-state">{state} </text>
              {redundancy && <text x={n.x + 18} y={n.y + 64} className="sg-redundancy">{redundancy} </text>}
            </Link>
          );
        })}
      </svg>
    </div>
  );
}
