/** @module Tests of the config JSON Schema, checked with a standard validator. */
import { describe, it, expect } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { configJsonSchema } from './json-schema.js';

type Schema = Record<string, any>;

describe('configJsonSchema', () => {
  const schema = configJsonSchema() as Schema;

  it('is a draft 2020-12 schema of the input side, with descriptions and defaults', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['additionalProperties']).toBe(false);
    expect(Object.keys(schema['properties'])).toEqual(['server', 'api', 'storage', 'scheduler', 'log', 'monitors', 'domains', 'services', 'maintenance', 'incidents', 'people', 'teams', 'schedules', 'channels', 'escalation_policies', 'notifications', 'stakeholders', 'crisis', 'status_pages', 'changes']);
    const port = schema['properties'].server.properties.port;
    expect(port).toMatchObject({ type: 'integer', default: 3000, minimum: 0, maximum: 65535 });
    expect(port.description).toMatch(/port/i);
    // durations are shown as written (text or seconds), with input-side defaults
    expect(schema['properties'].storage.properties.retention.properties.raw).toMatchObject({ default: '14d' });
    expect(schema['properties'].storage.properties.retention.properties.raw.anyOf.map((s: Schema) => s['type'])).toEqual(['string', 'number']);
  });

  it('describes every field of the config sections', () => {
    const undocumented: string[] = [];
    const visit = (node: Schema, path: string) => {
      for (const [key, child] of Object.entries<Schema>(node['properties'] ?? {})) {
        if (!child['description']) undocumented.push(`${path}${key}`);
        if (key !== 'monitors') visit(child, `${path}${key}.`);
      }
    };
    visit(schema, '');
    expect(undocumented).toEqual([]);
  });

  it('includes the check blocks from the registry, strict, for completion inside them', () => {
    const monitor = schema['properties'].monitors.items;
    expect(monitor.required).toContain('id');
    expect(monitor.additionalProperties).toBe(false);
    expect(Object.keys(monitor.properties)).toEqual(expect.arrayContaining(['http', 'tcp', 'dns', 'tls']));
    expect(monitor.properties.http.required).toContain('url');
    expect(monitor.properties.http.additionalProperties).toBe(false);
  });

  it('validates a config file in a standard JSON Schema validator, and refuses unknown keys', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const good = parse('server:\n  port: 8080\nmonitors:\n  - id: api\n    interval: 30s\n    http:\n      url: https://api.example.test/health\n');
    expect(validate(good)).toBe(true);
    expect(validate(parse('monitors:\n  - id: api\n    intervall: 30s\n    http: { url: "https://x.test" }\n'))).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/monitors/0', keyword: 'additionalProperties', params: { additionalProperty: 'intervall' } });
    expect(validate(parse('server:\n  port: "abc"\n'))).toBe(false);
  });
});
