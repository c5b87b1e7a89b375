import { describe, expect, it } from 'vitest';
import { sampleMessage } from '../../test/helpers/notification-message.js';
import { chatParts, clip, escapeOutsideUrls, linkTarget, RESOLVED_COLOR } from './chat-message.js';

describe('chatParts', () => {
  it('drops the subject from the body when the full text starts with it, labels links in the message language', () => {
    const message = sampleMessage('fr');
    message.text.full = `${message.text.subject}\n\nCause : 6 serveurs sur 6.\nGravité : SEV1`;
    const parts = chatParts(message);
    expect(parts.title).toBe('[SEV1] Appels d’urgence : panne majeure');
    expect(parts.body).toBe('Cause : 6 serveurs sur 6.\nGravité : SEV1');
    expect(parts.color).toBe('#d32f2f');
    expect(parts.links).toEqual([
      { kind: 'incident', label: 'Détails', url: 'http://127.0.0.1:3000/api/v1/incidents/42' },
      { kind: 'ack', label: 'Prendre en compte', url: 'http://127.0.0.1:3000/ack/abc.def' },
    ]);
    expect(parts.facts).toEqual([{ label: 'Gravité', value: 'SEV1' }, { label: 'Statut', value: 'ouvert' }]);
  });

  it('offers no acknowledge link once resolved, and turns green', () => {
    const message = sampleMessage('en', { event: 'resolved' });
    message.incident.status = 'resolved';
    const parts = chatParts(message);
    expect(parts.links.map((l) => l.kind)).toEqual(['incident']);
    expect(parts.color).toBe(RESOLVED_COLOR);
    expect(parts.body).toBe(message.text.full);
  });

  it('clips long texts with an ellipsis, counting characters not UTF-16 units', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('🚨🚨🚨', 3)).toBe('🚨🚨🚨');
  });

  it('escapes text around web addresses but leaves the addresses whole', () => {
    const star = (t: string) => t.replace(/[_*]/g, '\\$&');
    expect(escapeOutsideUrls('a_b: https://x.test/p_q?r=*1 and *c*', star)).toBe('a\\_b: https://x.test/p_q?r=*1 and \\*c\\*');
    expect(escapeOutsideUrls('no_url', star)).toBe('no\\_url');
  });

  it('percent-encodes what would end a Markdown link target', () => {
    expect(linkTarget('http://x/a (b)<c>')).toBe('http://x/a%20%28b%29%3Cc%3E');
  });
});
