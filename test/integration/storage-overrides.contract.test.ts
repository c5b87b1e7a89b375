/** The schedule overrides repository (migration 0011) on both dialects: creation order, read back, delete by schedule and id. */
import { describe, expect, it } from 'vitest';
import type { OverrideDraft } from '../../src/oncall/override.types.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 11, 3, 18, 0);
const HOUR = 3_600_000;

const draft = (over: Partial<OverrideDraft> = {}): OverrideDraft => ({
  scheduleId: 'primary', person: 'ana', start: T0, end: T0 + 8 * HOUR, note: 'swap with Ben', author: 'rita', ...over,
});

for (const dialect of DIALECTS) {
  describe(`schedule overrides storage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'schedule overrides storage contract tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('stores overrides with growing ids and reads them back in creation order, times as numbers', async () => {
      const { store } = fixture;
      const first = await store.overrides.create(draft(), T0 - 5);
      expect(first).toEqual({ id: first.id, scheduleId: 'primary', person: 'ana', start: T0, end: T0 + 8 * HOUR, note: 'swap with Ben', author: 'rita', createdAt: T0 - 5 });
      const second = await store.overrides.create(draft({ scheduleId: 'nights', person: 'ben', note: null, start: T0 + HOUR }), T0);
      const third = await store.overrides.create(draft({ person: 'carla', start: T0 + 2 * HOUR }), T0 + 1);
      expect(second.id).toBeGreaterThan(first.id);
      expect(third.id).toBeGreaterThan(second.id);
      expect(second.note).toBeNull();
      expect((await store.overrides.all()).map((o) => [o.id, o.person])).toEqual([[first.id, 'ana'], [second.id, 'ben'], [third.id, 'carla']]);
      expect(await store.overrides.get(third.id)).toEqual(third);
      expect(await store.overrides.get(third.id + 1000)).toBeUndefined();
      expect(typeof (await store.overrides.get(first.id))!.start).toBe('number');
    });

    it('deletes an override only under its own schedule, once', async () => {
      const { store } = fixture;
      const o = await store.overrides.create(draft({ person: 'dora' }), T0);
      expect(await store.overrides.remove('nights', o.id)).toBe(false);
      expect(await store.overrides.get(o.id)).toEqual(o);
      expect(await store.overrides.remove('primary', o.id)).toBe(true);
      expect(await store.overrides.remove('primary', o.id)).toBe(false);
      expect(await store.overrides.get(o.id)).toBeUndefined();
    });

    it('keeps overrides across a restart', async () => {
      const before = await fixture.store.overrides.all();
      const store = await fixture.reopen();
      expect(await store.overrides.all()).toEqual(before);
    });
  });
}
