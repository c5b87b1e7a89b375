/**
 * @module The monitor definition: common fields plus exactly one check block keyed by type.
 *
 * The same schema validates `monitors[]` in config files and API bodies. The check blocks are
 * derived from the registry, so a new check type needs no change here.
 */
import { z } from 'zod';
import { CHECK_TYPES, CHECK_TYPE_NAMES, type CheckTypeName } from '../checks/registry.js';
import { duration, formatDuration } from '../core/duration.js';

export const MONITOR_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** A location name (`local` for this node; `paris`, `noumea`… for remote probes). */
export const LOCATION_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** A location name, as written in `locations` and in ingested results. */
export const locationNameSchema = z
  .string()
  .regex(LOCATION_PATTERN, 'must be 1-63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit');

export const monitorIdSchema = z
  .string()
  .regex(MONITOR_ID_PATTERN, 'must be 1-100 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit');

const confirmationsSchema = z
  .strictObject({
    down: z.number().int().min(1).max(100).default(2).describe('Consecutive failing results before the state changes to down/degraded/unknown.'),
    up: z.number().int().min(1).max(100).default(1).describe('Consecutive successful results before the state changes back to up.'),
  })
  .describe('How many consecutive results confirm a state change.');

const flappingSchema = z
  .strictObject({
    changes: z.number().int().min(2).max(1000).default(5).describe('More state changes than this within the window flags the monitor as flapping.'),
    window: duration({ min: 60_000, max: 7 * 86_400_000 }).prefault('1h').describe('The flapping window.'),
  })
  .describe('Flapping detection.');

const baseShape = {
  id: monitorIdSchema.describe('Stable identifier; history is kept under it.'),
  name: z.string().min(1).max(200).optional().describe('Display name (defaults to the id).'),
  description: z.string().max(2000).optional(),
  tags: z.array(z.string().min(1).max(64)).max(50).default([]).describe('Free tags used for filtering.'),
  interval: duration({ min: 1000, max: 86_400_000 }).prefault('60s').describe('How often the check runs (1s to 24h).'),
  timeout: duration({ min: 100, max: 600_000 }).optional().describe('Per-run timeout; must not exceed the interval. Default: 10s, or the interval when shorter.'),
  confirmations: confirmationsSchema.prefault({}),
  flapping: flappingSchema.prefault({}),
  paused: z.boolean().default(false).describe('A paused monitor keeps its history but does not run.'),
  locations: z.array(locationNameSchema).min(1).max(50).optional().describe('The locations whose results count (default: this node only, `local`).'),
  quorum: z.number().int().min(1).max(50).default(1).describe('How many locations must see the monitor down (each confirmed on its own) before it is down.'),
};

const checkBlocks = Object.fromEntries(
  CHECK_TYPES.map((c) => [c.type, (c.schema as z.ZodType).optional().describe(c.description)]),
) as Record<CheckTypeName, z.ZodOptional<z.ZodType>>;

/** The raw input shape (config file or API body). */
export const monitorInputSchema = z
  .strictObject({ ...baseShape, ...checkBlocks })
  .superRefine((m, ctx) => {
    const present = CHECK_TYPE_NAMES.filter((t) => (m as Record<string, unknown>)[t] !== undefined);
    if (present.length === 0) {
      ctx.addIssue({ code: 'custom', message: `needs exactly one check block: one of ${CHECK_TYPE_NAMES.join(', ')}`, path: [] });
    } else if (present.length > 1) {
      ctx.addIssue({ code: 'custom', message: `has several check blocks (${present.join(', ')}); a monitor has exactly one`, path: [present[1]!] });
    }
    if (present.length === 1) {
      const type = CHECK_TYPES.find((c) => c.type === present[0]) as { minIntervalMs?: (c: unknown) => { ms: number; why: string } | undefined } | undefined;
      const min = type?.minIntervalMs?.((m as Record<string, unknown>)[present[0]!]);
      if (min && m.interval < min.ms) {
        ctx.addIssue({ code: 'custom', message: `must be at least ${formatDuration(min.ms)} for ${present[0]} checks: ${min.why}`, path: ['interval'] });
      }
    }
    if (m.timeout !== undefined && m.timeout > m.interval) {
      ctx.addIssue({ code: 'custom', message: 'must not be longer than the interval', path: ['timeout'] });
    }
    checkLocations(m, ctx);
  });

/** `locations` without duplicates, and a `quorum` that the locations can reach. */
function checkLocations(m: { locations?: string[] | undefined; quorum: number }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  m.locations?.forEach((name, index) => {
    if (seen.has(name)) ctx.addIssue({ code: 'custom', message: `lists "${name}" twice`, path: ['locations', index] });
    seen.add(name);
  });
  const count = m.locations?.length ?? 1;
  if (m.quorum > count) {
    ctx.addIssue({ code: 'custom', message: `must not exceed the number of locations (${count}${m.locations ? '' : ': only `local` without `locations`'})`, path: ['quorum'] });
  }
}

export type MonitorInput = z.input<typeof monitorInputSchema>;

/** A validated monitor in the form the engine uses: the check block lifted into `type` + `check`. */
export interface MonitorDefinition {
  id: string;
  name: string;
  description?: string;
  tags: string[];
  intervalMs: number;
  timeoutMs: number;
  confirmations: { down: number; up: number };
  flapping: { changes: number; windowMs: number };
  paused: boolean;
  /** The locations whose results count; absent: this node only. */
  locations?: string[];
  /** Locations that must see the monitor down before it is down; absent: 1. */
  quorum?: number;
  type: CheckTypeName;
  /** The parsed check block, typed by the check type's schema. */
  check: Record<string, unknown>;
}

/** Converts a parsed input into a {@link MonitorDefinition}. */
export function toDefinition(parsed: z.output<typeof monitorInputSchema>): MonitorDefinition {
  const record = parsed as Record<string, unknown>;
  const type = CHECK_TYPE_NAMES.find((t) => record[t] !== undefined)!;
  return {
    id: parsed.id,
    name: parsed.name ?? parsed.id,
    ...(parsed.description !== undefined ? { description: parsed.description } : {}),
    tags: parsed.tags,
    intervalMs: parsed.interval,
    timeoutMs: parsed.timeout ?? Math.min(10_000, parsed.interval),
    confirmations: parsed.confirmations,
    flapping: { changes: parsed.flapping.changes, windowMs: parsed.flapping.window },
    paused: parsed.paused,
    ...(parsed.locations !== undefined ? { locations: parsed.locations } : {}),
    ...(parsed.quorum > 1 ? { quorum: parsed.quorum } : {}),
    type,
    check: record[type] as Record<string, unknown>,
  };
}

/** True when two definitions would schedule and probe identically. */
export function sameDefinition(a: MonitorDefinition, b: MonitorDefinition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
