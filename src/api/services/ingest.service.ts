/**
 * @module Results from other locations: checked against the monitor's `locations`, stored under
 * that location and evaluated at once by the engine (per location, then the quorum).
 */
import type { CheckResult } from '../../checks/types.js';
import { redactUrlSecrets, redactUrlSecretsIn } from '../../core/url-secrets.js';
import type { MonitorControl } from '../../engine/monitor-control.js';
import { invalidRequest, notFound } from '../errors.js';
import { iso } from '../schemas/common.schemas.js';
import type { IngestAnswer, IngestBody } from '../schemas/ingest.schemas.js';

/** Clocks of remote probes may run a little ahead of this one. */
export const MAX_CLOCK_SKEW_MS = 60_000;
/** Older results would be judged as fresh: a location is judged on what it sees now. */
export const MAX_RESULT_AGE_MS = 3_600_000;

/** Receives results seen from other locations. */
export class IngestService {
  constructor(
    private readonly control: MonitorControl,
    private readonly now: () => number,
  ) {}

  /** Stores and evaluates one result; the answer carries the monitor's state after it. */
  async ingest(monitorId: string, body: IngestBody): Promise<IngestAnswer> {
    const now = this.now();
    const at = body.at ?? now;
    if (at > now + MAX_CLOCK_SKEW_MS) throw badAt('is in the future (more than 60 s ahead of this server\'s clock)');
    if (at < now - MAX_RESULT_AGE_MS) throw badAt('is more than 1 hour old');
    const outcome = await this.control.ingest(monitorId, body.location, toResult(body), at);
    if (!outcome.ok && outcome.reason === 'not_found') throw notFound('monitor', monitorId);
    if (!outcome.ok) {
      const message = `"${body.location}" is not one of this monitor's locations (${outcome.locations.join(', ')})`;
      throw invalidRequest(`invalid request body: location: ${message}`, [{ path: 'location', message }]);
    }
    return { ok: true, monitor: monitorId, location: body.location, at: iso(at), state: outcome.state };
  }
}

function badAt(message: string) {
  return invalidRequest(`invalid request body: at: ${message}`, [{ path: 'at', message }]);
}

/** The result as the engine takes it; URL secrets in its messages are hidden, as for local runs. */
function toResult(body: IngestBody): CheckResult {
  return {
    status: body.status,
    message: redactUrlSecrets(body.message),
    latencyMs: body.latency_ms ?? null,
    ...(body.messages ? { messages: redactUrlSecretsIn(body.messages) } : {}),
    ...(body.timings ? { timings: body.timings } : {}),
  };
}
