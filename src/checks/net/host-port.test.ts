/** @module Unit tests of `host-port`. */
import { describe, expect, it } from 'vitest';
import { hostPort } from './host-port.js';

describe('hostPort', () => {
  it('writes host:port with brackets for IPv6', () => {
    expect(hostPort('2001:db8::1', 5060)).toBe('[2001:db8::1]:5060');
    expect(hostPort('sbc.example.test', 5061)).toBe('sbc.example.test:5061');
    expect(hostPort('192.0.2.1', 53)).toBe('192.0.2.1:53');
  });
});
