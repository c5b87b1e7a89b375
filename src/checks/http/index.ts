/**
 * @module The `http` check type: an HTTP(S) request with status, body, JSON path and latency
 * assertions, timing DNS, connect, TLS, first byte and total on a fresh connection each run.
 */
import { defineCheck } from '../types.js';
import { portOf } from './http-plan.js';
import { httpSchema } from './http.schema.js';
import { createHttpRun } from './http.run.js';

/** The `http` check type. */
export const httpCheck = defineCheck({
  type: 'http',
  description: 'HTTP(S) request with status, body, JSON and latency assertions.',
  schema: httpSchema,
  target(config) {
    const url = new URL(config.url);
    return `${url.hostname}:${portOf(url)}`;
  },
  run: createHttpRun(),
});
