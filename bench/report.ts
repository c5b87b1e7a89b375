/** @module Figures helpers and the docs/benchmarks.md appender shared by benchmarks. */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** The value at quantile q (0..1) of a list, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

const FILE = new URL('../docs/benchmarks.md', import.meta.url);

/** Appends a section to docs/benchmarks.md (creating the file with its header if needed). */
export function appendReport(title: string, lines: string[]): void {
  if (!existsSync(FILE)) {
    writeFileSync(FILE, '# Benchmarks\n\nAppended by `npm run bench`; newest last. Figures are medians or quantiles of one run each.\n');
  }
  const section = [`\n## ${title}`, '', `- Date: ${new Date().toISOString()}`, `- Machine: ${machine()}`, ...lines.map((l) => `- ${l}`), ''];
  appendFileSync(FILE, section.join('\n'));
}
