/** @module `host:port` as written in messages and targets, with brackets around IPv6 literals. */

/** `db.internal:5432`, `192.0.2.1:53` or `[2001:db8::1]:5060`. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
