/**
 * @module Reads an RDAP domain object (RFC 9083) into {@link DomainFacts}: status, events,
 * name servers, `secureDNS.delegationSigned` and the registrar entity. Validated here, at the
 * edge; unknown members are ignored.
 */
import { z } from 'zod';
import { normalizeHostnames, type DomainFacts } from '../facts.js';
import { canonicalStatuses } from '../statuses.js';

interface Entity {
  roles?: string[] | undefined;
  handle?: string | undefined;
  vcardArray?: unknown;
  publicIds?: Array<{ type: string; identifier: string }> | undefined;
  entities?: Entity[] | undefined;
}

const entitySchema: z.ZodType<Entity> = z.lazy(() =>
  z.object({
    roles: z.array(z.string()).optional(),
    handle: z.string().optional(),
    vcardArray: z.unknown().optional(),
    publicIds: z.array(z.object({ type: z.string(), identifier: z.string() })).optional(),
    entities: z.array(entitySchema).optional(),
  }),
);

const domainSchema = z.object({
  objectClassName: z.literal('domain'),
  ldhName: z.string().optional(),
  status: z.array(z.string()).default([]),
  events: z.array(z.object({ eventAction: z.string(), eventDate: z.string().optional() })).default([]),
  nameservers: z.array(z.object({ ldhName: z.string().optional() })).default([]),
  secureDNS: z.object({ delegationSigned: z.boolean().optional() }).optional(),
  entities: z.array(entitySchema).default([]),
});

type RdapDomain = z.output<typeof domainSchema>;

/** The `fn` (formatted name) of a jCard (`["vcard", [["fn", {}, "text", "Name"], ...]]`). */
export function vcardName(vcard: unknown): string | undefined {
  if (!Array.isArray(vcard) || !Array.isArray(vcard[1])) return undefined;
  for (const property of vcard[1] as unknown[]) {
    if (Array.isArray(property) && property[0] === 'fn' && typeof property[3] === 'string' && property[3].trim() !== '') {
      return property[3].trim();
    }
  }
  return undefined;
}

function findRegistrar(entities: readonly Entity[]): Entity | undefined {
  for (const entity of entities) {
    if (entity.roles?.includes('registrar')) return entity;
    const nested = findRegistrar(entity.entities ?? []);
    if (nested) return nested;
  }
  return undefined;
}

function eventDate(domain: RdapDomain, action: string): string | null {
  const found = domain.events.find((e) => e.eventAction.toLowerCase() === action && e.eventDate);
  if (!found?.eventDate) return null;
  const at = Date.parse(found.eventDate);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** The facts of an RDAP answer, or the reason it is not an RDAP domain object. */
export function factsFromRdap(
  json: unknown,
  name: string,
  server: string,
): { ok: true; facts: DomainFacts } | { ok: false; reason: string } {
  const parsed = domainSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, reason: `${where}${issue.message}` };
  }
  const domain = parsed.data;
  const registrar = findRegistrar(domain.entities);
  const ianaId = registrar?.publicIds?.find((p) => p.type.toLowerCase().includes('iana'))?.identifier ?? null;
  return {
    ok: true,
    facts: {
      name: (domain.ldhName ?? name).toLowerCase().replace(/\.$/, ''),
      source: 'rdap',
      server,
      status: canonicalStatuses(domain.status),
      expiry: eventDate(domain, 'expiration'),
      registered: eventDate(domain, 'registration'),
      lastChanged: eventDate(domain, 'last changed'),
      lastTransferred: eventDate(domain, 'transfer'),
      registrar: registrar ? (vcardName(registrar.vcardArray) ?? registrar.handle ?? null) : null,
      registrarIanaId: ianaId,
      nameservers: normalizeHostnames(domain.nameservers.flatMap((ns) => (ns.ldhName ? [ns.ldhName] : []))),
      delegationSigned: domain.secureDNS?.delegationSigned ?? null,
    },
  };
}
