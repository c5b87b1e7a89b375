/** @module Tests of what a change touches: host globs, the link to a monitor, services containing monitors. */
import { describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '../services/service.types.js';
import type { ChangeTargets } from './changes.types.js';
import { changeTouchesMonitor, hostGlobMatches, hostPart, monitorsOfTargets, servicesContaining, type MonitorFacts } from './targets.js';

const service = (id: string, parts: Partial<ServiceDefinition> = {}): ServiceDefinition => ({
  id,
  name: { en: id, fr: id },
  criticality: 'normal',
  components: [],
  dependsOn: [],
  tags: [],
  ...parts,
});
const servicesOf = (...list: ServiceDefinition[]) => new Map(list.map((s) => [s.id, s]));
const targets = (parts: Partial<ChangeTargets>): ChangeTargets => ({ monitors: [], services: [], tags: [], hosts: [], ...parts });

describe('hostPart', () => {
  it.each([
    ['dc-1.corp', 'dc-1.corp'],
    ['DC-1.Corp:389', 'dc-1.corp'],
    ['dc-1.corp.', 'dc-1.corp'],
    ['[::1]:443', '::1'],
    ['[2001:db8::5]', '2001:db8::5'],
    ['2001:db8::5', '2001:db8::5'],
    ['127.0.0.1:5060', '127.0.0.1'],
  ])('%s → %s', (host, part) => expect(hostPart(host)).toBe(part));
});

describe('hostGlobMatches', () => {
  it.each([
    // glob, host, matches
    ['dc-1.corp', 'dc-1.corp', true],
    ['dc-1.corp', 'DC-1.CORP', true],
    ['DC-*.corp', 'dc-12.corp', true],
    ['dc-*.corp', 'dc-1.corp:389', true],
    ['dc-*.corp', 'dc-1.paris.corp', false],
    ['dc-**.corp', 'dc-1.paris.corp', true],
    ['**.corp', 'a.b.c.corp', true],
    ['*.corp', 'a.b.corp', false],
    ['*', 'dc-1', true],
    ['*', 'dc-1.corp', false],
    ['**', 'dc-1.corp', true],
    ['dc-?.corp', 'dc-7.corp', true],
    ['dc-?.corp', 'dc-10.corp', false],
    ['dc-1', 'dc-10', false],
    ['dc-1', 'xdc-1', false],
    // Regex characters are literal: '.' is not "any character", '+' and '(' do not break anything.
    ['dc-1.corp', 'dc-1xcorp', false],
    ['a+b.corp', 'a+b.corp', true],
    ['a+b.corp', 'aab.corp', false],
    ['(dc)|x', '(dc)|x', true],
    ['(dc)|x', 'x', false],
    ['[a-z].corp', 'b.corp', false],
    ['[a-z].corp', '[a-z].corp', true],
    ['dc$', 'dc$', true],
    ['\\d', '\\d', true],
    ['\\d', '1', false],
    // IPv6 literals, bracketed or not, with or without a port on the monitor's side.
    ['::1', '[::1]:443', true],
    ['[::1]', '[::1]:443', true],
    ['2001:db8::*', '[2001:db8::5]:5061', true],
    ['2001:db8::*', '[2001:db9::5]:5061', false],
    ['10.0.0.*', '10.0.0.7:5060', true],
    ['10.0.0.*', '10.0.1.7', false],
    ['dc-1.corp', '', false],
  ])('%s ~ %s → %s', (glob, host, matches) => expect(hostGlobMatches(glob, host)).toBe(matches));
});

describe('changeTouchesMonitor', () => {
  const dc1: MonitorFacts = { id: 'dc-1-ldap', tags: ['windows', 'ad'], host: 'dc-1.corp:389' };
  const inAd = new Set(['ad', 'identity']);
  it.each([
    ['names the monitor', targets({ monitors: ['dc-1-ldap'] }), 'same_monitor'],
    ['a host glob matches its host', targets({ hosts: ['dc-*.corp'] }), 'same_host'],
    ['names a service containing it', targets({ services: ['identity'] }), 'same_service'],
    ['shares a tag', targets({ tags: ['windows'] }), 'shared_tag'],
    ['the strongest wins: monitor over host, service and tag', targets({ monitors: ['dc-1-ldap'], hosts: ['dc-1.corp'], services: ['ad'], tags: ['ad'] }), 'same_monitor'],
    ['host over service and tag', targets({ hosts: ['dc-1.corp'], services: ['ad'], tags: ['ad'] }), 'same_host'],
    ['service over tag', targets({ services: ['ad'], tags: ['ad'] }), 'same_service'],
    ['another monitor, host, service or tag: no link', targets({ monitors: ['dc-2-ldap'], hosts: ['dc-2.corp'], services: ['mail'], tags: ['linux'] }), null],
    ['nothing targeted', targets({}), null],
  ] as const)('%s', (_name, t, link) => expect(changeTouchesMonitor(t, dc1, inAd)).toBe(link));

  it('never matches a host glob against a monitor without a host', () => {
    expect(changeTouchesMonitor(targets({ hosts: ['**'] }), { ...dc1, host: null }, inAd)).toBeNull();
  });

  it('takes a rollout ring, which names no hosts', () => {
    expect(changeTouchesMonitor({ monitors: [], services: ['ad'], tags: [] }, dc1, inAd)).toBe('same_service');
  });
});

describe('servicesContaining', () => {
  // telephony ⊃ sip (redundancy of sip-1..3) and trunk (component); identity ⊃ ad (redundancy dc-1, dc-2).
  const services = servicesOf(
    service('sip', { redundancy: { members: ['sip-1', 'sip-2', 'sip-3'], minHealthy: 2 } }),
    service('trunk', { components: ['trunk-1'] }),
    service('telephony', { components: ['sip', 'trunk', 'pbx-web'] }),
    service('ad', { redundancy: { members: ['dc-1', 'dc-2'], minHealthy: 1 } }),
    service('identity', { components: ['ad'], dependsOn: [{ service: 'telephony', impact: 'degraded' }] }),
  );
  const containing = servicesContaining(services);

  it.each([
    ['sip-2', ['sip', 'telephony']],
    ['trunk-1', ['telephony', 'trunk']],
    ['pbx-web', ['telephony']],
    ['dc-1', ['ad', 'identity']],
  ])('%s is in %j (members, components, nested services; not dependencies)', (monitor, expected) => {
    expect([...(containing.get(monitor) ?? [])].sort()).toEqual(expected);
  });

  it('has monitors only as keys', () => {
    expect([...containing.keys()].sort()).toEqual(['dc-1', 'dc-2', 'pbx-web', 'sip-1', 'sip-2', 'sip-3', 'trunk-1']);
  });

  it('is empty without services', () => {
    expect(servicesContaining(new Map()).size).toBe(0);
  });
});

describe('monitorsOfTargets', () => {
  const services = servicesOf(
    service('sip', { redundancy: { members: ['sip-1', 'sip-2'], minHealthy: 1 } }),
    service('telephony', { components: ['sip', 'pbx-web'] }),
  );
  const monitors: MonitorFacts[] = [
    { id: 'sip-2', tags: ['voice'], host: '10.0.0.2:5060' },
    { id: 'sip-1', tags: ['voice'], host: '10.0.0.1:5060' },
    { id: 'pbx-web', tags: ['web'], host: 'pbx.corp' },
    { id: 'dc-1', tags: ['windows'], host: 'dc-1.corp' },
    { id: 'mail', tags: [], host: null },
  ];
  it.each([
    ['a nested service reaches its members and its nested services', targets({ services: ['telephony'] }), ['pbx-web', 'sip-1', 'sip-2']],
    ['a redundancy group', targets({ services: ['sip'] }), ['sip-1', 'sip-2']],
    ['a host glob', targets({ hosts: ['10.0.0.*'] }), ['sip-1', 'sip-2']],
    ['tags', targets({ tags: ['windows', 'web'] }), ['dc-1', 'pbx-web']],
    ['monitor ids, unknown ones left out', targets({ monitors: ['mail', 'gone'] }), ['mail']],
    ['everything at once, each monitor once', targets({ monitors: ['sip-1'], hosts: ['10.0.0.1'], services: ['sip'], tags: ['voice'] }), ['sip-1', 'sip-2']],
    ['nothing', targets({}), []],
  ] as const)('%s', (_name, t, expected) => expect(monitorsOfTargets(t, monitors, services)).toEqual(expected));

  it('takes a rollout ring (monitors, services, tags)', () => {
    expect(monitorsOfTargets({ monitors: ['dc-1'], services: ['sip'], tags: [] }, monitors, services)).toEqual(['dc-1', 'sip-1', 'sip-2']);
  });
});
