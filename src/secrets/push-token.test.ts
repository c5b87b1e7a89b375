import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPushToken, hashPushTokens, pushTokenDigest } from './push-token.js';

const token = '0123456789abcdef0123';
const digest = createHash('sha256').update(token).digest('hex');

describe('push tokens at rest', () => {
  it('hashes a clear token once, and gives the same digest for the clear and the stored form', () => {
    expect(hashPushToken(token)).toBe(`sha256:${digest}`);
    expect(hashPushToken(hashPushToken(token))).toBe(`sha256:${digest}`);
    expect(pushTokenDigest(token)).toBe(digest);
    expect(pushTokenDigest(`sha256:${digest}`)).toBe(digest);
  });

  it('hashes the token of heartbeat and traffic blocks only, leaving the input given untouched', () => {
    const input = { id: 'hb', heartbeat: { token, period: '1m' } };
    expect(hashPushTokens(input, 'heartbeat')).toEqual({ id: 'hb', heartbeat: { token: `sha256:${digest}`, period: '1m' } });
    expect(input.heartbeat.token).toBe(token);
    expect(hashPushTokens({ traffic: { token } }, 'traffic')).toEqual({ traffic: { token: `sha256:${digest}` } });
    const http = { http: { token } };
    expect(hashPushTokens(http, 'http')).toBe(http);
    const hashed = { heartbeat: { token: `sha256:${digest}` } };
    expect(hashPushTokens(hashed, 'heartbeat')).toBe(hashed);
  });
});
