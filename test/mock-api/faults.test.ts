import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { postJson } from './request.ts';

let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0, slowMs: 20 });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
});

const RAW = '/public/v1/creators/enrich/handle/raw/';

async function post(path: string, body: unknown) {
  const res = await postJson(api, path, body);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('fault hooks', () => {
  it('fault_500 answers 500 and charges nothing', async () => {
    const res = await post(RAW, { handle: 'fault_500', platform: 'instagram' });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toEqual({ detail: 'Internal server error' });
    expect(api.ledger.used).toBe(0);
  });

  it('fault_429 answers 429 with Retry-After: 1', async () => {
    const res = await post(RAW, { handle: 'fault_429', platform: 'instagram' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('fault_slow still answers normally (after slowMs)', async () => {
    const res = await post(RAW, { handle: 'fault_slow', platform: 'instagram' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).result.instagram.username).toBe('fault_slow');
  });

  it('fault_malformed answers 200 with truncated JSON and is charged', async () => {
    const res = await post(RAW, { handle: 'fault_malformed', platform: 'instagram' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(() => JSON.parse(res.text)).toThrow();
    expect(res.text.startsWith('{"credits_cost":0.03')).toBe(true);
    expect(api.ledger.used).toBe(0.03);
  });

  it('fault_html answers an HTML 404 page', async () => {
    const res = await post(RAW, { handle: 'fault_html', platform: 'instagram' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('fault_422 answers the validation shape', async () => {
    const res = await post(RAW, { handle: 'fault_422', platform: 'instagram' });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text)).toEqual({ error: [{ field: 'handle', error: 'Invalid handle' }] });
  });

  it('fault_402 answers 402', async () => {
    const res = await post(RAW, { handle: 'fault_402', platform: 'instagram' });
    expect(res.status).toBe(402);
  });

  it('fault_flaky answers 503 the first time a value is seen, then normally', async () => {
    const first = await post(RAW, { handle: 'fault_flaky_1', platform: 'tiktok' });
    const second = await post(RAW, { handle: 'fault_flaky_1', platform: 'tiktok' });
    const other = await post(RAW, { handle: 'fault_flaky_2', platform: 'tiktok' });
    expect([first.status, second.status, other.status]).toEqual([503, 200, 503]);
    expect(api.ledger.used).toBe(0.03);
    api.reset();
    expect((await post(RAW, { handle: 'fault_flaky_1', platform: 'tiktok' })).status).toBe(503);
  });

  it('triggers from filter_value, creators[], post_id and an email local part', async () => {
    const paging = { limit: 5, page: 0 };
    const similar = await post('/public/v1/discovery/creators/similar/', {
      platform: 'youtube',
      filter_key: 'username',
      filter_value: 'fault_500',
      paging,
    });
    const overlap = await post('/public/v1/creators/audience/overlap/', {
      platform: 'instagram',
      creators: ['someone', 'fault_402'],
    });
    const details = await post('/public/v1/creators/content/details/', {
      platform: 'tiktok',
      post_id: 'fault_html',
      content_type: 'data',
    });
    const email = await post('/public/v1/creators/enrich/email/', { email: 'fault_429@example.test' });
    expect([similar.status, overlap.status, details.status, email.status]).toEqual([500, 402, 404, 429]);
  });

  it('ghost values answer 404 "No data found" everywhere, uncharged', async () => {
    const overlap = await post('/public/v1/creators/audience/overlap/', {
      platform: 'instagram',
      creators: ['someone', 'ghost_two'],
    });
    const posts = await post('/public/v1/creators/content/posts/', {
      platform: 'instagram',
      handle: 'ghostly',
    });
    expect(overlap.status).toBe(404);
    expect(JSON.parse(posts.text)).toEqual({ detail: 'No data found' });
    expect(api.ledger.used).toBe(0);
  });
});

describe('failNext', () => {
  it('makes the next requests to a path fail, then recovers', async () => {
    api.failNext('/public/v1/discovery/classifier/languages/', 502, 2);
    const get = () =>
      fetch(`${api.url}/public/v1/discovery/classifier/languages/`, {
        headers: { authorization: 'Bearer test-key' },
      });
    const statuses = [(await get()).status, (await get()).status, (await get()).status];
    expect(statuses).toEqual([502, 502, 200]);
  });

  it('sends Retry-After when given and matches a path prefix ending in *', async () => {
    api.failNext('/public/v1/enrichment/batch/*', 429, 1, 7);
    const res = await fetch(`${api.url}/public/v1/enrichment/batch/bch_anything/status/`, {
      headers: { authorization: 'Bearer test-key' },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
  });
});
