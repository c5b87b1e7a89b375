import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { renderTemplate } from './template.js';
import { templateFor } from './templates.schema.js';
import { toNotificationsModel } from './notifications-config.js';

let dir: string;
let count = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigie-templates-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` as a config file and loads it. */
async function load(text: string) {
  const path = join(dir, `vigie-${++count}.yaml`);
  await writeFile(path, text);
  return { path, loading: loadConfig(path, {}) };
}

async function errorOf(text: string): Promise<string> {
  const { path, loading } = await load(text);
  const error = await loading.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message.replaceAll(path, 'vigie.yaml');
}

describe('notifications.templates in a config file', () => {
  it('reports an unknown placeholder at the file, line and column of the template field, with the name meant', async () => {
    const text = ['notifications:', '  templates:', '    opened:', '      fr:', '        subject: "[{{incident.severity}}] {{incident.title}}"', '        short: "{{incident.titel}} — depuis {{since}}"', ''].join('\n');
    expect(await errorOf(text)).toBe('vigie.yaml:6:9 notifications.templates.opened.fr.short: unknown placeholder {{incident.titel}} (character 1); did you mean incident.title?');
  });

  it('reports every faulty template, block scalars included, and an unknown event or part as an unknown field', async () => {
    const text = [
      'notifications:',
      '  templates:',
      '    default:',
      '      en:',
      '        full: |',
      '          {{incident.title}}',
      '          {{#incident.ack_url}}Acknowledge: {{incident.ack_url}}',
      '    resolvd:',
      '      en:',
      '        subject: x',
      '    resolved:',
      '      en:',
      '        sujet: x',
      '',
    ].join('\n');
    const message = await errorOf(text);
    expect(message).toContain('vigie.yaml:5:9 notifications.templates.default.en.full: {{#incident.ack_url}} (character 20) is never closed: end it with {{/incident.ack_url}}');
    expect(message).toContain('vigie.yaml:8:5 notifications.templates.resolvd: unknown field; did you mean "resolved"?');
    expect(message).toMatch(/vigie\.yaml:13:9 notifications\.templates\.resolved\.en\.sujet: unknown field/);
  });

  it('loads valid templates compiled, into the notification model', async () => {
    const text = ['notifications:', '  templates:', '    default:', '      en:', '        short: "{{incident.title}}{{#since}} for {{since}}{{/since}}"', '    opened:', '      fr:', '        subject: "Panne : {{incident.title}}"', ''].join('\n');
    const { loading } = await load(text);
    const model = toNotificationsModel((await loading).config);
    expect(templateFor(model.templates, 'opened', 'fr', 'subject')?.source).toBe('Panne : {{incident.title}}');
    expect(templateFor(model.templates, 'opened', 'fr', 'short')).toBeUndefined();
    const short = templateFor(model.templates, 'resolved', 'en', 'short');
    expect(renderTemplate(short!, { 'incident.title': 'Calls', since: '3 min' })).toBe('Calls for 3 min');
    expect(templateFor(model.templates, 'test', 'en', 'short')).toBeUndefined();
  });
});
