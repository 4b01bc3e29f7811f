import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';

let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0, apiKeys: ['test-key', 'second-key'] });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
});

function call(path: string, init: { method?: string; body?: unknown; key?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? 'test-key'}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${api.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('authentication', () => {
  it('answers 401 JSON without a bearer token', async () => {
    const res = await call('/public/v1/accounts/credits/', { key: null });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: expect.any(String) });
  });

  it('answers 401 JSON for an unknown token', async () => {
    const res = await call('/public/v1/accounts/credits/', { key: 'wrong-key' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/invalid/i);
  });

  it('accepts every configured key', async () => {
    expect((await call('/public/v1/accounts/credits/', { key: 'second-key' })).status).toBe(200);
  });
});

describe('routing', () => {
  it('serves only slash-terminated paths: no trailing slash is an HTML 404', async () => {
    const res = await call('/public/v1/accounts/credits');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('<h1>Not Found</h1>');
  });

  it('answers legacy paths with an HTML 404 even without a key', async () => {
    const res = await call('/public/v1/enrichment/handle/raw/', { body: {}, key: null });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('answers 405 for a wrong method', async () => {
    const get = await call('/public/v1/discovery/');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const post = await call('/public/v1/accounts/credits/', { body: {} });
    expect(post.status).toBe(405);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await fetch(`${api.url}/public/v1/creators/enrich/handle/raw/`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: '{"handle": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/JSON parse error/);
  });
});

describe('recorded requests', () => {
  it('records method, path, query and parsed body, never the Authorization header', async () => {
    await call('/public/v1/creators/enrich/handle/raw/', {
      body: { handle: 'someone', platform: 'instagram' },
    });
    await call('/public/v1/discovery/classifier/audience-interests/?search=fit&offset=0');
    expect(api.requests).toHaveLength(2);
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      path: '/public/v1/creators/enrich/handle/raw/',
      body: { handle: 'someone', platform: 'instagram' },
    });
    expect(api.requests[1]).toMatchObject({ method: 'GET', query: { search: 'fit', offset: '0' } });
    expect(JSON.stringify(api.requests)).not.toContain('test-key');
  });
});

describe('/__mock/ controls over HTTP', () => {
  it('exposes requests and the ledger, and resets them', async () => {
    await call('/public/v1/creators/enrich/handle/raw/', { body: { handle: 'someone', platform: 'tiktok' } });
    const requests = await (await fetch(`${api.url}/__mock/requests`)).json();
    expect(requests).toHaveLength(1);
    const ledger = await (await fetch(`${api.url}/__mock/ledger`)).json();
    expect(ledger).toEqual({
      available: 999.97,
      used: 0.03,
      charges: [{ path: '/public/v1/creators/enrich/handle/raw/', amount: 0.03 }],
    });
    expect((await fetch(`${api.url}/__mock/reset`, { method: 'POST' })).status).toBe(200);
    expect(api.requests).toHaveLength(0);
    expect(api.ledger.available).toBe(1000);
  });

  it('sets credits', async () => {
    const res = await fetch(`${api.url}/__mock/credits`, {
      method: 'POST',
      body: JSON.stringify({ available: 7.5 }),
    });
    expect(res.status).toBe(200);
    const credits = (await (await call('/public/v1/accounts/credits/')).json()) as {
      credits_available: number;
    };
    expect(credits.credits_available).toBe(7.5);
  });

  it('arms fail-next with a Retry-After', async () => {
    await fetch(`${api.url}/__mock/fail-next`, {
      method: 'POST',
      body: JSON.stringify({ path: '/public/v1/accounts/credits/', status: 503, count: 2, retry_after: 4 }),
    });
    const first = await call('/public/v1/accounts/credits/');
    const second = await call('/public/v1/accounts/credits/');
    const third = await call('/public/v1/accounts/credits/');
    expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
    expect(first.headers.get('retry-after')).toBe('4');
  });
});
