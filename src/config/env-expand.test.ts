/** @module Tests of `${VAR}` expansion. */
import { describe, it, expect } from 'vitest';
import { expandEnv } from './env-expand.js';

const env = { HOST: 'api.example.test', EMPTY: '', PORT: '8443' };

describe('expandEnv', () => {
  it('replaces ${NAME} with the variable', () => {
    expect(expandEnv('https://${HOST}:${PORT}/health', env)).toEqual({ ok: true, value: 'https://api.example.test:8443/health', expanded: true });
  });

  it('uses the default of ${NAME:-default} when the variable is unset or empty', () => {
    expect(expandEnv('${MISSING:-fallback}/${EMPTY:-x}', env)).toEqual({ ok: true, value: 'fallback/x', expanded: true });
  });

  it('keeps an empty variable without default as empty', () => {
    expect(expandEnv('[${EMPTY}]', env)).toEqual({ ok: true, value: '[]', expanded: true });
  });

  it('turns $$ into a literal $ and leaves $ before anything else alone', () => {
    expect(expandEnv('price $$5 and $HOST and $${HOST}', env)).toEqual({ ok: true, value: 'price $5 and $HOST and ${HOST}', expanded: true });
  });

  it('reports text without references as not expanded', () => {
    expect(expandEnv('plain $ text', env)).toEqual({ ok: true, value: 'plain $ text', expanded: false });
  });

  it('names an unset variable and how to give a default', () => {
    expect(expandEnv('Bearer ${API_TOKEN}', env)).toEqual({
      ok: false,
      message: 'environment variable API_TOKEN is not set; set it, or give a default with ${API_TOKEN:-value}',
    });
  });

  it('rejects malformed references', () => {
    expect(expandEnv('${1BAD}', env)).toEqual({ ok: false, message: 'invalid variable reference "${1BAD}"; write ${NAME} or ${NAME:-default}, or $$ for a literal $' });
    expect(expandEnv('x ${OPEN', env)).toEqual({ ok: false, message: 'invalid variable reference "${OPEN"; write ${NAME} or ${NAME:-default}, or $$ for a literal $' });
  });
});
