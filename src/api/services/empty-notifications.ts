/** @module The notification model of a server built without a configuration (tests of other routes). */
import type { NotificationsModel } from '../../notifications/notifications-config.js';

/** No people, schedules, channels or routes. */
export function emptyNotificationsModel(): NotificationsModel {
  return { people: new Map(), teams: new Map(), schedules: new Map(), channels: new Map(), policies: new Map(), routes: [], ackLinkTtlMs: 86_400_000, language: 'en', admins: [], templates: {} };
}
