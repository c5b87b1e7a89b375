import { describe, expect, it } from 'vitest';
import { formatResolver, parseResolver } from './resolver.js';

describe('parseResolver', () => {
  it('reads ip, ip:port, bare IPv6 and [ipv6]:port', () => {
    expect(parseResolver('192.0.2.53')).toEqual({ address: '192.0.2.53', port: 53 });
    expect(parseResolver('127.0.0.1:5353')).toEqual({ address: '127.0.0.1', port: 5353 });
    expect(parseResolver('2001:DB8::53')).toEqual({ address: '2001:db8::53', port: 53 });
    expect(parseResolver('[::1]:5353')).toEqual({ address: '::1', port: 5353 });
    expect(parseResolver('[::1]')).toEqual({ address: '::1', port: 53 });
  });
  it('rejects names, bad ports and bracketed IPv4', () => {
    for (const bad of ['dns.example', '127.0.0.1:0', '127.0.0.1:70000', '[127.0.0.1]:53', '::1:53:x', '']) {
      expect(parseResolver(bad), bad).toBeUndefined();
    }
  });
});

describe('formatResolver', () => {
  it('brackets IPv6 addresses', () => {
    expect(formatResolver({ address: '::1', port: 53 })).toBe('[::1]:53');
    expect(formatResolver({ address: '127.0.0.1', port: 5353 })).toBe('127.0.0.1:5353');
  });
});
