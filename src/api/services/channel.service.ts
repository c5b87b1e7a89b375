/** @module Channels of the configuration with their health, and test messages sent through them. */
import type { z } from 'zod';
import { ChannelTestInputError, sendChannelTest, type ChannelTestResult } from '../../notifications/channel-test.js';
import type { NotificationsModel } from '../../notifications/notifications-config.js';
import type { Store } from '../../storage/store.js';
import { invalidRequest, notFound } from '../errors.js';
import { isoOrNull } from '../schemas/common.schemas.js';
import type { channelList, channelTestBody } from '../schemas/notification.schemas.js';
import { channelSettingsView } from './channel-settings-view.js';

/** Lists channels and sends test messages. */
export class ChannelService {
  constructor(
    private readonly store: Store,
    private readonly model: () => NotificationsModel,
    private readonly now: () => number,
    private readonly timeoutMs = 10_000,
  ) {}

  async list(): Promise<z.output<typeof channelList>> {
    const health = new Map((await this.store.escalations.channelHealth()).map((h) => [h.channelId, h]));
    const items = [...this.model().channels.values()].map((c) => {
      const h = health.get(c.id);
      return {
        id: c.id,
        name: c.name,
        kind: c.kind,
        settings: channelSettingsView(c.kind, c.settings),
        health: { failing: (h?.permanentFailures ?? 0) > 0, permanentFailures: h?.permanentFailures ?? 0, failingSince: isoOrNull(h?.failingSince ?? null), lastError: h?.lastError ?? null },
      };
    });
    return { items: items.sort((a, b) => a.id.localeCompare(b.id)) };
  }

  /** Sends a test message now; the provider's refusal is a result (`ok: false`), not an error. */
  async test(id: string, body: z.output<typeof channelTestBody>): Promise<ChannelTestResult> {
    const model = this.model();
    const channel = model.channels.get(id);
    if (!channel) throw notFound('channel', id);
    try {
      return await sendChannelTest(channel, { to: body.to, language: body.language ?? model.language, now: this.now(), timeoutMs: this.timeoutMs });
    } catch (error) {
      if (error instanceof ChannelTestInputError) throw invalidRequest(`invalid request body: ${error.field}: ${error.message}`, [{ path: error.field, message: error.message }]);
      throw error;
    }
  }
}
