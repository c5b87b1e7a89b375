import { describe, expect, it } from 'vitest';
import { formFields } from './subscription.routes.js';

describe('formFields', () => {
  it('keeps every value of a repeated field, in order, and single fields as strings', () => {
    expect(formFields('email=a%40example.org&components%5B%5D=c1&components%5B%5D=c2&language=fr')).toEqual({ email: 'a@example.org', 'components[]': ['c1', 'c2'], language: 'fr' });
    expect(formFields('List-Unsubscribe=One-Click')).toEqual({ 'List-Unsubscribe': 'One-Click' });
    expect(formFields('')).toEqual({});
  });

  it('reads __proto__ as a field like any other, without touching prototypes', () => {
    const fields = formFields('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});
