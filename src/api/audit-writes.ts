/**
 * @module The audit entry of every successful write made through the route table: who (user or
 * token), `METHOD /route/pattern`, the target id from the path, the status and the address. Never
 * the body, which may hold secrets.
 */
import type { AuditLog } from '../accounts/audit.js';
import type { WriteAudit } from './route-table.js';

/** The {@link WriteAudit} that appends to `audit`. */
export function auditWrites(audit: AuditLog): WriteAudit {
  return async (route, request, status, principal) => {
    const params = (request.params ?? {}) as Record<string, unknown>;
    const values = Object.values(params).filter((v): v is string => typeof v === 'string');
    const target = typeof params.id === 'string' ? params.id : (values[0] ?? null);
    const extra = Object.keys(params).length > 1 ? { params } : {};
    await audit.record({ name: principal.name, kind: principal.session ? 'user' : 'token' }, `${route.method} ${route.url}`, target, { status, ...extra }, request.ip);
  };
}
