/**
 * @module The latency chart of a monitor (uPlot on a canvas): the total latency and each phase
 * timing the results carry (connect, firstByte…), in the user's time zone, in the theme's colours
 * (redrawn when the theme changes). The canvas is described in words for screen readers.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Formatter } from '../format.js';
import type { CheckResult } from '../types.js';

const SERIES_COLOURS = 6;
const HEIGHT = 260;

/** The chart's columns: times (s) and one series per timing, `total` first. */
export function chartData(results: readonly CheckResult[]): { names: string[]; data: uPlot.AlignedData } {
  const ordered = [...results].filter((r) => r.latencyMs !== null || r.timings).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const phases = new Set<string>();
  for (const r of ordered) for (const key of Object.keys(r.timings ?? {})) if (key !== 'total') phases.add(key);
  const names = ['total', ...[...phases].sort()];
  const times = ordered.map((r) => Date.parse(r.at) / 1000);
  const columns = names.map((name) => ordered.map((r) => (name === 'total' ? (r.timings?.['total'] ?? r.latencyMs) : r.timings?.[name]) ?? null));
  return { names, data: [times, ...columns] as uPlot.AlignedData };
}

/** Bumps when `<html data-theme>` or the system scheme changes, so colours are read again. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', bump);
    };
  }, []);
  return version;
}

/** Tick labels in the console's language and the user's zone: seconds within ten minutes, hours within two days, else day and hour. */
function timeLabel(format: Formatter, spanSeconds: number): (seconds: number) => string {
  const options: Intl.DateTimeFormatOptions =
    spanSeconds <= 600 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : spanSeconds <= 2 * 86_400 ? { hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  const dates = new Intl.DateTimeFormat(format.lang, { ...options, timeZone: format.timeZone });
  return (seconds) => dates.format(new Date(seconds * 1000));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function LatencyChart({ results, rangeLabel, format }: { results: readonly CheckResult[]; rangeLabel: string; format: Formatter }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const theme = useThemeVersion();
  const { names, data } = useMemo(() => chartData(results), [results]);
  const totals = Array.from(data[1] ?? [] as ArrayLike<number | null | undefined>).filter((v): v is number => typeof v === 'number');

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(Math.floor(element.clientWidth)));
    observer.observe(element);
    setWidth(Math.floor(element.clientWidth));
    return () => observer.disconnect();
  }, [totals.length > 0]);

  useEffect(() => {
    const element = box.current;
    if (!element || width === 0 || totals.length === 0) return;
    const css = getComputedStyle(document.documentElement);
    const colour = (name: string) => css.getPropertyValue(name).trim();
    const axis = { stroke: colour('--text'), grid: { stroke: colour('--border'), width: 1 }, ticks: { stroke: colour('--border'), width: 1 } };
    const plot = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), format.timeZone),
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [{ ...axis, space: 90, values: (u, ticks) => ticks.map(timeLabel(format, (u.scales['x']?.max ?? 0) - (u.scales['x']?.min ?? 0))) }, { ...axis, size: 60, values: (_u, ticks) => ticks.map((v) => format.number(v, 1)) }],
        series: [{}, ...names.map((name, i) => ({ label: name, stroke: colour(`--series-${i % SERIES_COLOURS}`), width: i === 0 ? 2 : 1.25, spanGaps: false, points: { show: false } }))],
      },
      data,
      element,
    );
    return () => plot.destroy();
  }, [data, names, width, theme, format, totals.length]);

  if (totals.length === 0) return <p>{t('monitor.noData')}</p>;
  return (
    <figure className="latency-chart">
      <div ref={box} className="latency-canvas" aria-hidden="true" />
      <ul className="chart-legend">
        {names.map((name, i) => <li key={name} className={`series-${i % SERIES_COLOURS}`}>{name}</li>)}
      </ul>
      <figcaption>
        {t('monitor.chartCaption', { range: rangeLabel, count: totals.length })}{' '}
        {t('monitor.chartSummary', { min: format.number(Math.min(...totals), 1), median: format.number(median(totals), 1), max: format.number(Math.max(...totals), 1) })}
      </figcaption>
    </figure>
  );
}
