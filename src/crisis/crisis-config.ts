/**
 * @module The whole-config checks of the `stakeholders:` and `crisis:` sections (every id a role,
 * rule or obligation names must exist), the warnings `vigie validate` prints (a crisis cell
 * without a communication lead while obligations are owned by one), and the model the crisis
 * service uses.
 */
import { suggest } from '../config/suggest.js';
import { getNotifier } from '../notifiers/registry.js';
import type { ChannelDefinition } from '../notifiers/channel.schema.js';
import type { CellDefinition, CrisisSection, StakeholderDefinition } from './crisis.schema.js';
import { CRISIS_ROLES } from './crisis.schema.js';

type Issue = { path: (string | number)[]; message: string };

/** What the checks need from the whole config. */
export interface CrisisConfigPart {
  stakeholders: readonly StakeholderDefinition[];
  crisis: CrisisSection;
  people: readonly { id: string }[];
  schedules: readonly { id: string }[];
  channels: readonly ChannelDefinition[];
  services: readonly { id: string; criticality: string }[];
}

function unknown(kind: string, id: string, known: readonly string[], section: string): string {
  const near = suggest(id, known);
  const hint = near ? `; did you mean "${near}"?` : known.length === 0 ? `; no ${section} is defined` : '';
  return `unknown ${kind} "${id}"${hint}`;
}

function duplicates(section: (string | number)[], entries: readonly { id: string }[], issues: Issue[]): void {
  const first = new Map<string, number>();
  entries.forEach((e, i) => {
    const seen = first.get(e.id);
    if (seen !== undefined) issues.push({ path: [...section, i, 'id'], message: `duplicate id "${e.id}"; it is already used by ${section.join('.')}[${seen}]` });
    else first.set(e.id, i);
  });
}

/** Issues that need every id. Paths start at the section. */
export function crisisConfigIssues(config: CrisisConfigPart): Issue[] {
  const issues: Issue[] = [];
  const { crisis } = config;
  // The whole-config check also runs when a section failed its own parse: read defensively.
  const stakeholders = (config.stakeholders ?? []).filter((s) => typeof s?.id === 'string');
  const cells = (crisis?.cells ?? []).filter((c) => typeof c?.id === 'string');
  const rules = (crisis?.rules ?? []).filter((r) => typeof r?.id === 'string');
  const obligations = (crisis?.obligations ?? []).filter((o) => typeof o?.id === 'string');
  duplicates(['stakeholders'], stakeholders, issues);
  duplicates(['crisis', 'cells'], cells, issues);
  duplicates(['crisis', 'rules'], rules, issues);
  duplicates(['crisis', 'obligations'], obligations, issues);
  const ids = {
    person: (config.people ?? []).map((p) => p?.id),
    schedule: (config.schedules ?? []).map((s) => s?.id),
    channel: (config.channels ?? []).map((c) => c?.id),
    service: (config.services ?? []).map((s) => s?.id),
    cell: cells.map((c) => c.id),
    stakeholder: stakeholders.map((s) => s.id),
  };
  const sections = { person: 'people', schedule: 'schedules', channel: 'channels', service: 'services', cell: 'crisis cells', stakeholder: 'stakeholders' } as const;
  const check = (path: Issue['path'], kind: keyof typeof ids, id: string) => {
    if (!ids[kind].includes(id)) issues.push({ path, message: unknown(kind === 'cell' ? 'crisis cell' : kind, id, ids[kind], sections[kind]) });
  };
  const channels = new Map((config.channels ?? []).filter((c) => typeof c?.kind === 'string').map((c) => [c.id, c]));

  (config.stakeholders ?? []).forEach((s, i) =>
    (s?.contacts ?? []).forEach((c, j) => {
      check(['stakeholders', i, 'contacts', j, 'channel'], 'channel', c.channel);
      const channel = channels.get(c.channel);
      if (channel && getNotifier(channel.kind)?.addressesPeople && !c.to) issues.push({ path: ['stakeholders', i, 'contacts', j], message: `needs \`to\`: channel "${c.channel}" (${channel.kind}) sends to an address` });
    }),
  );
  (crisis?.cells ?? []).forEach((cell, i) => {
    for (const role of CRISIS_ROLES) {
      (cell?.roles?.[role] ?? []).forEach((m, j) => {
        if (m && (m.kind === 'person' || m.kind === 'schedule')) check(['crisis', 'cells', i, 'roles', role, j], m.kind, m.id);
      });
    }
    if (!cell) return;
    if (cell.channel !== undefined) {
      check(['crisis', 'cells', i, 'channel'], 'channel', cell.channel);
      const channel = channels.get(cell.channel);
      if (channel && getNotifier(channel.kind)?.addressesPeople) issues.push({ path: ['crisis', 'cells', i, 'channel'], message: `channel "${cell.channel}" (${channel.kind}) sends to people's addresses; the crisis channel must be a room (chat, webhook…)` });
    }
  });
  (crisis?.rules ?? []).forEach((rule, i) => {
    if (typeof rule?.cell === 'string') check(['crisis', 'rules', i, 'cell'], 'cell', rule.cell);
    (rule?.match?.services ?? []).forEach((s, j) => check(['crisis', 'rules', i, 'match', 'services', j], 'service', s));
  });
  (crisis?.obligations ?? []).forEach((o, i) => {
    (o?.stakeholders ?? []).forEach((s, j) => check(['crisis', 'obligations', i, 'stakeholders', j], 'stakeholder', s));
    (o?.match?.services ?? []).forEach((s, j) => check(['crisis', 'obligations', i, 'match', 'services', j], 'service', s));
  });
  return issues;
}

/** Warnings for a valid config. */
export function crisisConfigWarnings(config: CrisisConfigPart): Issue[] {
  const warnings: Issue[] = [];
  const owners = new Set(config.crisis.obligations.map((o) => o.owner));
  config.crisis.cells.forEach((cell, i) => {
    for (const role of owners) {
      if (!cell.roles[role]) warnings.push({ path: ['crisis', 'cells', i, 'roles'], message: `cell "${cell.id}" has no ${role}: the deadlines it owns are reminded to the crisis lead` });
    }
    if (!cell.roles.communication_lead) warnings.push({ path: ['crisis', 'cells', i, 'roles'], message: `cell "${cell.id}" has no communication_lead: its crisis lead approves its drafts` });
  });
  config.stakeholders.forEach((s, i) => {
    if (s.contacts.length === 0 && s.group !== 'public') warnings.push({ path: ['stakeholders', i, 'contacts'], message: `stakeholder "${s.id}" has no contact: notices to them can only be marked sent by hand` });
  });
  return warnings;
}

/** The crisis part of the config, by id. */
export interface CrisisModel {
  cells: Map<string, CellDefinition>;
  stakeholders: Map<string, StakeholderDefinition>;
  section: CrisisSection;
}

export function toCrisisModel(config: Pick<CrisisConfigPart, 'stakeholders' | 'crisis'>): CrisisModel {
  return {
    cells: new Map(config.crisis.cells.map((c) => [c.id, c])),
    stakeholders: new Map(config.stakeholders.map((s) => [s.id, s])),
    section: config.crisis,
  };
}
