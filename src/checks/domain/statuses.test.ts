import { describe, expect, it } from 'vitest';
import { canonicalStatus, canonicalStatuses, unpublishedStatuses } from './statuses.js';

describe('canonicalStatus', () => {
  it('maps RFC 8056 names and EPP codes to the same EPP form', () => {
    expect(canonicalStatus('client hold')).toBe('clientHold');
    expect(canonicalStatus('clientHold')).toBe('clientHold');
    expect(canonicalStatus('CLIENT_HOLD')).toBe('clientHold');
    expect(canonicalStatus('server hold')).toBe('serverHold');
    expect(canonicalStatus('pending delete')).toBe('pendingDelete');
    expect(canonicalStatus('redemption period')).toBe('redemptionPeriod');
    expect(canonicalStatus('client transfer prohibited')).toBe('clientTransferProhibited');
    expect(canonicalStatus('active')).toBe('ok');
    expect(canonicalStatus('ok')).toBe('ok');
  });

  it('keeps unknown statuses, in camelCase', () => {
    expect(canonicalStatus('transfer prohibited')).toBe('transferProhibited');
    expect(canonicalStatus('locked')).toBe('locked');
  });

  it('de-duplicates and sorts', () => {
    expect(canonicalStatuses(['client hold', 'clientHold', 'active'])).toEqual(['clientHold', 'ok']);
  });
});

describe('unpublishedStatuses', () => {
  it('lists the statuses that stop publication, worst first', () => {
    expect(unpublishedStatuses(['clientHold', 'pendingDelete', 'redemptionPeriod'])).toEqual(['redemptionPeriod', 'pendingDelete', 'clientHold']);
    expect(unpublishedStatuses(['inactive'])).toEqual(['inactive']);
    expect(unpublishedStatuses(['pendingRestore'])).toEqual(['pendingRestore']);
  });

  it('treats *Prohibited, ok and transfers as normal', () => {
    expect(unpublishedStatuses(['ok', 'clientTransferProhibited', 'serverUpdateProhibited', 'pendingTransfer'])).toEqual([]);
  });
});
