import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiClient, CliFailure, DEFAULT_URL, durationFlag, exitCodeOf, flagOfPath, wholeFlag, type ApiFlags } from './api-client.js';

const flags = (over: Partial<ApiFlags> = {}): ApiFlags => ({ timeoutRequest: '10s', lang: 'en', ...over });

/** What `fn` throws, as a CliFailure (fails the test when it throws nothing or something else). */
async function failure(fn: () => unknown): Promise<CliFailure> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof CliFailure) return err;
    throw err;
  }
  throw new Error('expected a CliFailure');
}

describe('flagOfPath', () => {
  const FLAGS = { 'targets.monitors': '--monitor', targets: '--monitor, --service, --tag or --host', links: '--link', timestamp: '--at' };
  it.each([
    ['targets.monitors[0]', '--monitor'],
    ['targets.monitors[12]', '--monitor'],
    ['targets', '--monitor, --service, --tag or --host'],
    ['targets.hosts[1]', '--monitor, --service, --tag or --host'],
    ['links[0].href', '--link'],
    ['timestamp', '--at'],
    ['summary', undefined],
    ['', undefined],
  ])('%s → %s', (path, flag) => {
    expect(flagOfPath(path, FLAGS)).toBe(flag);
  });
});

describe('ApiClient.from', () => {
  it('takes the flags first, then VIGIE_URL and VIGIE_TOKEN, then the default URL', () => {
    expect(ApiClient.from(flags({ url: 'http://vigie:3000/', token: 't' }), { VIGIE_URL: 'http://other', VIGIE_TOKEN: 'u' }).where).toBe('http://vigie:3000');
    expect(ApiClient.from(flags(), { VIGIE_URL: 'https://ops.example/vigie/', VIGIE_TOKEN: 'u' }).where).toBe('https://ops.example/vigie');
    expect(ApiClient.from(flags({ token: 't' }), {}).where).toBe(DEFAULT_URL);
    expect(ApiClient.from(flags({ token: 't', timeoutRequest: '2s' }), {}).timeoutMs).toBe(2000);
  });

  it('refuses a missing token, a URL that is not http(s) and a request timeout that is not a duration, before sending anything', async () => {
    expect(await failure(() => ApiClient.from(flags(), {}))).toMatchObject({ kind: 'usage', message: expect.stringContaining('VIGIE_TOKEN') });
    expect(await failure(() => ApiClient.from(flags({ url: 'vigie:3000', token: 't' }), {}))).toMatchObject({ kind: 'usage', message: expect.stringContaining('--url: "vigie:3000"') });
    expect(await failure(() => ApiClient.from(flags({ url: 'ftp://vigie', token: 't' }), {}))).toMatchObject({ kind: 'usage' });
    expect(await failure(() => ApiClient.from(flags({ token: 't', timeoutRequest: 'soon' }), {}))).toMatchObject({ kind: 'usage', message: expect.stringContaining('--timeout-request') });
  });
});

describe('duration and number flags', () => {
  it('reads durations and whole numbers, naming the flag otherwise', async () => {
    expect(durationFlag('30s', '--every')).toBe(30_000);
    expect(durationFlag('2h', '--timeout')).toBe(7_200_000);
    expect((await failure(() => durationFlag('500ms', '--every'))).text.en).toBe('--every: "500ms" is not a duration of at least 1s, such as 30s, 10m or 2h');
    expect(wholeFlag('0', '--ring')).toBe(0);
    expect((await failure(() => wholeFlag('one', '--ring'))).text).toEqual({ en: '--ring: "one" is not a whole number of 0 or more', fr: '--ring : « one » n’est pas un nombre entier supérieur ou égal à 0' });
    expect(await failure(() => wholeFlag('0', '<id>', 1))).toMatchObject({ kind: 'usage' });
    expect(await failure(() => wholeFlag('-1', '--ring'))).toMatchObject({ kind: 'usage' });
  });
});

describe('ApiClient requests against a loopback server', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        const path = req.url!.split('?')[0]!;
        const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (path.endsWith('/ok')) json(200, { n: 1, extra: true });
        else if (path.endsWith('/invalid')) json(400, { error: 'invalid_request', message: 'The change is not valid.', issues: [{ path: 'targets.monitors[0]', message: 'unknown monitor "dc1"' }, { path: 'timestamp', message: 'is in the future' }] });
        else if (path.endsWith('/denied')) json(401, { error: 'unauthorized', message: 'the bearer token is not valid or was revoked' });
        else if (path.endsWith('/missing')) json(404, { error: 'not_found', message: 'rollout "x" not found' });
        else if (path.endsWith('/proxy')) res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
        else if (path.endsWith('/html')) res.writeHead(200, { 'content-type': 'text/html' }).end('<html>portal</html>');
        else if (path.endsWith('/shape')) json(200, { n: 'one' });
        else if (path.endsWith('/silent')) return; // never answers
        else json(500, { error: 'internal', message: 'boom' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vigie/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (timeoutRequest = '10s') => ApiClient.from(flags({ url: base, token: 'vigie_secret', timeoutRequest }), {});
  const shape = z.object({ n: z.number() });

  it('sends the bearer token, the query and the JSON body under the base path, and returns the parsed answer', async () => {
    expect(await client().get('/ok', shape, { ring: 1, record: undefined, since: 'x y' })).toEqual({ n: 1 });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/vigie/ok?ring=1&since=x+y', auth: 'Bearer vigie_secret' });
    expect(await client().post('/ok', shape, { summary: 'é' })).toEqual({ n: 1 });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/vigie/ok', body: '{"summary":"é"}' });
  });

  it('classifies error answers, keeping the fields Vigie named', async () => {
    const invalid = await failure(() => client().post('/invalid', shape, {}));
    expect(invalid).toMatchObject({ kind: 'refused', status: 400, issues: [{ path: 'targets.monitors[0]', message: 'unknown monitor "dc1"' }, { path: 'timestamp', message: 'is in the future' }] });
    expect(exitCodeOf(invalid)).toBe(2);
    const denied = await failure(() => client().get('/denied', shape));
    expect(denied).toMatchObject({ kind: 'refused', status: 401 });
    expect(denied.text.en).toMatch(/^the bearer token is not valid or was revoked \(HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/vigie\) \(check VIGIE_TOKEN or --token\)$/);
    const missing = await failure(() => client().get('/missing', shape));
    expect(missing).toMatchObject({ kind: 'refused', status: 404 });
    expect(exitCodeOf(missing)).toBe(1);
    const proxy = await failure(() => client().get('/proxy', shape));
    expect(proxy).toMatchObject({ kind: 'refused', status: 502, issues: [] });
    expect(proxy.text.en).toContain('<html><body>Bad Gateway</body></html> (HTTP 502');
    expect(exitCodeOf(proxy)).toBe(2);
    expect(await failure(() => client().get('/boom', shape))).toMatchObject({ kind: 'refused', status: 500 });
  });

  it('refuses answers that are not the expected JSON', async () => {
    const html = await failure(() => client().get('/html', shape));
    expect(html).toMatchObject({ kind: 'unparsable', status: 200 });
    expect(html.text.en).toContain('with not JSON (text/html): <html>portal</html>');
    const wrong = await failure(() => client().get('/shape', shape));
    expect(wrong).toMatchObject({ kind: 'unparsable' });
    expect(wrong.text.en).toContain('not the expected answer (n: ');
  });

  it('tells a server that does not answer in time from one that cannot be reached', async () => {
    const slow = await failure(() => client('200ms').get('/silent', shape));
    expect(slow.kind).toBe('timeout');
    expect(slow.text.en).toContain('did not answer within 0.2s (--timeout-request)');
    const port = (server.address() as AddressInfo).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(freePort).not.toBe(port);
    const down = await failure(() => ApiClient.from(flags({ url: `http://127.0.0.1:${freePort}`, token: 't' }), {}).get('/ok', shape));
    expect(down.kind).toBe('unreachable');
    expect(down.text.en).toMatch(/^cannot reach Vigie at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(down.text.fr).toMatch(/^impossible de joindre Vigie \(http:\/\/127\.0\.0\.1:\d+\) : /);
  });
});
