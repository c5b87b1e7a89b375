import { describe, expect, it } from 'vitest';
import { compileTemplate, renderTemplate, TemplateError } from './template.js';

const render = (source: string, values: Parameters<typeof renderTemplate>[1]) => renderTemplate(compileTemplate(source), values);

/** The error compiling `source` throws. */
function faultOf(source: string): TemplateError {
  try {
    compileTemplate(source);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
}

describe('compileTemplate and renderTemplate', () => {
  it('fills placeholders with plain text, spaces inside the braces allowed, an unset value as nothing', () => {
    expect(render('[{{incident.severity}}] {{ incident.title }} <{{author}}>', { 'incident.severity': 'SEV1', 'incident.title': 'Calls <b>&</b>' })).toBe('[SEV1] Calls <b>&</b> <>');
  });

  it('writes text without placeholders as is, braces alone included', () => {
    expect(render('a } b { c }}', {})).toBe('a } b { c }}');
    expect(render('', {})).toBe('');
  });

  it('shows a section only when its value is set and not empty; sections nest', () => {
    const source = '{{incident.title}}{{#incident.ack_url}} — ack: {{incident.ack_url}}{{#author}} ({{author}}){{/author}}{{/incident.ack_url}}.';
    expect(render(source, { 'incident.title': 'Down', 'incident.ack_url': 'http://x/ack/t' })).toBe('Down — ack: http://x/ack/t.');
    expect(render(source, { 'incident.title': 'Down', 'incident.ack_url': 'http://x/ack/t', author: 'Alice' })).toBe('Down — ack: http://x/ack/t (Alice).');
    expect(render(source, { 'incident.title': 'Down', 'incident.ack_url': '', author: 'Alice' })).toBe('Down.');
    expect(render(source, { 'incident.title': 'Down' })).toBe('Down.');
  });

  it('refuses an unknown placeholder with its offset and the closest name', () => {
    const fault = faultOf('[{{incident.severity}}] {{incident.titel}}');
    expect(fault.offset).toBe(24);
    expect(fault.message).toBe('unknown placeholder {{incident.titel}} (character 25); did you mean incident.title?');
    expect(faultOf('{{#incident.ackurl}}x{{/incident.ackurl}}').message).toBe('unknown placeholder {{#incident.ackurl}} (character 1); did you mean incident.ack_url?');
    expect(faultOf('{{weather}}').message).toMatch(/^unknown placeholder \{\{weather\}\} \(character 1\); use one of incident\.id, incident\.title, .*event$/);
  });

  it('refuses an unclosed {{ and an empty placeholder', () => {
    const unclosed = faultOf('Down {{incident.title');
    expect(unclosed).toMatchObject({ offset: 5, message: 'unclosed {{ (character 6): end it with }}' });
    expect(faultOf('x {{ }}')).toMatchObject({ offset: 2, message: 'empty placeholder {{ }} (character 3)' });
  });

  it('refuses unbalanced sections, naming where each begins', () => {
    expect(faultOf('ok {{/author}}')).toMatchObject({ offset: 3, message: '{{/author}} (character 4) closes no section' });
    expect(faultOf('{{#author}}by {{author}}')).toMatchObject({ offset: 0, message: '{{#author}} (character 1) is never closed: end it with {{/author}}' });
    expect(faultOf('{{#author}}{{#update}}x{{/author}}{{/update}}')).toMatchObject({
      offset: 23,
      message: '{{/author}} (character 24) does not close {{#update}} (character 12); write {{/update}}',
    });
  });
});
