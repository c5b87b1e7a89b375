/**
 * @module The `tcp` check type: a TCP (optionally TLS) connection, an optional message to send
 * and an optional banner to expect, timing connect, TLS, first byte and total.
 */
import { hostPort } from '../net/host-port.js';
import { defineCheck } from '../types.js';
import { createTcpRun } from './tcp.run.js';
import { tcpSchema } from './tcp.schema.js';

/** The `tcp` check type. */
export const tcpCheck = defineCheck({
  type: 'tcp',
  description: 'TCP connection (optionally TLS), with an optional message to send and a banner to expect.',
  schema: tcpSchema,
  target(config) {
    return hostPort(config.host, config.port);
  },
  run: createTcpRun(),
});
