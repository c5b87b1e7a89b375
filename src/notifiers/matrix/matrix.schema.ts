/** @module Settings of the `matrix` channel (client-server API, `m.room.message`). */
import { z } from 'zod';

export const matrixSchema = z
  .strictObject({
    homeserver: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).describe('Base URL of the homeserver\'s client-server API, e.g. `https://matrix.example.org`.'),
    access_token: z.string().min(1).max(1000).describe('Access token of the account that posts (a bot account that joined the room).'),
    room_id: z.string().regex(/^![^:\s]+:\S+$/, 'must be a room id like !abcdef:example.org (not a #alias)').describe('The room posted to: its id, `!…:server` (Room settings → Advanced).'),
  })
  .describe('Matrix room: an HTML message posted by a bot account.');

export type MatrixSettings = z.output<typeof matrixSchema>;
