/**
 * @module The whole-config checks of `status_pages:` (every service, monitor and channel named
 * exists, ids and host names are unique, the subscription channel sends e-mail) and the warnings
 * `vigie validate` prints (a page whose host belongs to a domain one of its own monitors watches
 * would go down with it).
 */
import { suggest } from '../config/suggest.js';
import type { StatusPageDefinition, ComponentDefinition } from './status.schema.js';

type Issue = { path: (string | number)[]; message: string };

/** What the checks need from the whole config. */
export interface StatusConfigPart {
  status_pages: readonly StatusPageDefinition[];
  services: readonly { id: string }[];
  monitors: readonly { id: string }[];
  channels: readonly { id: string; kind?: string }[];
}

/** The components of a page, flattened, with their path in the config. */
export function pageComponents(page: Pick<StatusPageDefinition, 'components'>): PageComponent[] {
  return (page.components ?? []).flatMap((entry, i): PageComponent[] =>
    entry && 'group' in entry
      ? (entry.components ?? []).map((component, j) => ({ component, group: i, path: ['components', i, 'components', j] }))
      : entry ? [{ component: entry as ComponentDefinition, group: null, path: ['components', i] }] : [],
  );
}

/** A component of a page with the index of its group (null when alone) and its path in the config. */
export interface PageComponent {
  component: ComponentDefinition;
  group: number | null;
  path: (string | number)[];
}

function unknown(kind: string, id: string, known: readonly string[]): string {
  const near = suggest(id, known);
  return `unknown ${kind} "${id}"${near ? `; did you mean "${near}"?` : known.length === 0 ? `; no ${kind} is defined` : ''}`;
}

/** Issues that need every id. Paths start at the section. */
export function statusConfigIssues(config: StatusConfigPart, monitorIds: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  const services = (config.services ?? []).map((s) => s?.id);
  const channels = new Map((config.channels ?? []).map((c) => [c?.id, c]));
  const ids = new Map<string, number>();
  const hosts = new Map<string, number>();
  (config.status_pages ?? []).forEach((page, i) => {
    if (!page) return;
    const first = ids.get(page.id);
    if (first !== undefined) issues.push({ path: ['status_pages', i, 'id'], message: `duplicate id "${page.id}"; it is already used by status_pages[${first}]` });
    else ids.set(page.id, i);
    (page.hosts ?? []).forEach((host, j) => {
      const other = hosts.get(host);
      if (other !== undefined) issues.push({ path: ['status_pages', i, 'hosts', j], message: `host "${host}" is already served by status_pages[${other}]` });
      else hosts.set(host, i);
    });
    for (const { component, path } of pageComponents(page)) {
      if (component.kind === 'service' && !services.includes(component.id)) issues.push({ path: ['status_pages', i, ...path, 'service'], message: unknown('service', component.id, services) });
      if (component.kind === 'monitor' && !monitorIds.includes(component.id)) issues.push({ path: ['status_pages', i, ...path, 'monitor'], message: unknown('monitor', component.id, monitorIds) });
    }
    const mail = page.subscriptions?.email?.channel;
    if (mail !== undefined) {
      const channel = channels.get(mail);
      if (!channel) issues.push({ path: ['status_pages', i, 'subscriptions', 'email', 'channel'], message: unknown('channel', mail, [...channels.keys()].filter((k): k is string => typeof k === 'string')) });
      else if (channel.kind !== undefined && channel.kind !== 'email') issues.push({ path: ['status_pages', i, 'subscriptions', 'email', 'channel'], message: `channel "${mail}" is a ${channel.kind} channel; subscriptions need an \`email\` channel` });
    }
  });
  return issues;
}

/** The domains a monitor watches: a domain or delegation check's name; the parent domain of a URL or TLS host. */
export function watchedDomains(monitor: { type: string; check: Record<string, unknown> }): string[] {
  const name = monitor.check['name'];
  if ((monitor.type === 'domain' || monitor.type === 'delegation') && typeof name === 'string') return [name.toLowerCase().replace(/\.$/, '')];
  const url = monitor.check['url'];
  const host = typeof url === 'string' ? safeHost(url) : typeof monitor.check['host'] === 'string' ? (monitor.check['host'] as string).toLowerCase() : undefined;
  if (!host || /^[\d.]+$/.test(host) || host.includes(':')) return [];
  const labels = host.split('.');
  return labels.length >= 3 ? [host, labels.slice(1).join('.')] : [host];
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Warnings for a valid config: a page answering for a host under a domain that one of its own
 * monitors watches would go down with that domain (the ge.ch case).
 */
export function statusConfigWarnings(
  config: Pick<StatusConfigPart, 'status_pages'> & { services: readonly { id: string; components: readonly string[]; redundancy?: { members: readonly string[] } | undefined }[] },
  monitors: readonly { id: string; type: string; check: Record<string, unknown> }[],
): Issue[] {
  const warnings: Issue[] = [];
  const services = new Map(config.services.map((s) => [s.id, s]));
  const byId = new Map(monitors.map((m) => [m.id, m]));
  const monitorsOf = (kind: 'service' | 'monitor', id: string, seen = new Set<string>()): string[] => {
    if (kind === 'monitor' || !services.has(id)) return byId.has(id) ? [id] : [];
    if (seen.has(id)) return [];
    seen.add(id);
    const s = services.get(id)!;
    return [...s.components, ...(s.redundancy?.members ?? [])].flatMap((m) => (services.has(m) ? monitorsOf('service', m, seen) : byId.has(m) ? [m] : []));
  };
  config.status_pages.forEach((page, i) => {
    const ids = [...new Set(pageComponents(page).flatMap(({ component }) => monitorsOf(component.kind, component.id)))];
    page.hosts.forEach((host, j) => {
      for (const id of ids) {
        const domain = watchedDomains(byId.get(id)!).find((d) => host === d || host.endsWith(`.${d}`));
        if (!domain) continue;
        warnings.push({ path: ['status_pages', i, 'hosts', j], message: `this page would go down with ${domain}: it answers for ${host}, and its monitor "${id}" watches ${domain}; serve it, or a mirror (vigie status mirror), from another domain` });
        break;
      }
    });
  });
  return warnings;
}
