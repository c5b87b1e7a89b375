/**
 * @module CPU profiles for benchmarks: records one over a measured window (the inspector's
 * sampling profiler, the same data as `node --cpu-prof`), saves it as a `.cpuprofile` (open it
 * in Chrome DevTools or speedscope) and summarises where the time went: self time by function,
 * by file or package, and inclusive time by Vigie source file.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
/** The `Profiler.Profile` of the DevTools protocol (the parts used here). */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Starts the sampling profiler in this thread; `stop()` returns the profile. */
export async function startCpuProfile(intervalUs = 500): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
      session.disconnect();
      return profile;
    },
  };
}

/** Where a frame's code lives: a package, a Vigie file, a Node internal module, or V8's own buckets. */
export function placeOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /\/((?:src|bench)\/.+?)(?:\?.*)?$/.exec(url);
  if (src) return src[1]!;
  const internal = /^node:(?:internal\/)?([^/]+)/.exec(url);
  if (internal) return `node:${internal[1]}`;
  return url;
}

function top(map: Map<string, number>, n: number, total: number): string[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}

/**
 * A text summary: busy time (everything but `(idle)`), then the heaviest self times by function
 * and by place, and inclusive times by place (each sample counted once per place on its stack).
 */
export function summariseProfile(profile: CpuProfile, n = 25): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfFn = new Map<string, number>();
  const selfPlace = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!)!;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += us;
    const place = placeOf(node.callFrame);
    add(selfPlace, place, us);
    add(selfFn, `${node.callFrame.functionName || '(anonymous)'} ${place}:${node.callFrame.lineNumber + 1}`, us);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const at = placeOf(byId.get(id)!.callFrame);
      if (!seen.has(at)) seen.add(at), add(inclusive, at, us);
    }
  }
  const windowUs = profile.endTime - profile.startTime;
  return [
    `busy ${(busy / 1000).toFixed(0)} ms of ${(windowUs / 1000).toFixed(0)} ms sampled`,
    '-- self time by function (% of busy)',
    ...top(selfFn, n, busy),
    '-- self time by file or package',
    ...top(selfPlace, n, busy),
    '-- inclusive time by file or package (callers included)',
    ...top(inclusive, n * 2, busy),
  ];
}

/** Saves the profile next to `prefix` and returns the summary lines. */
export function saveProfile(profile: CpuProfile, prefix: string): string[] {
  const file = `${prefix}.cpuprofile`;
  writeFileSync(file, JSON.stringify(profile));
  const lines = summariseProfile(profile);
  writeFileSync(`${prefix}.txt`, `${lines.join('\n')}\n`);
  return [`profile saved to ${file} (summary in ${prefix}.txt)`, ...lines];
}
