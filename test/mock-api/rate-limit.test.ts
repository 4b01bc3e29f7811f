import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../mock-api/rate-limit.ts';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';

let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0, apiKeys: ['key-a', 'key-b'], rateLimitPerMinute: 3 });
});
afterAll(async () => {
  await api.close();
});

function credits(key: string) {
  return fetch(`${api.url}/public/v1/accounts/credits/`, { headers: { authorization: `Bearer ${key}` } });
}

describe('rate limit', () => {
  it('answers 429 with Retry-After once a token used its window, per token, and never limits /__mock/', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await credits('key-a')).status);
    expect(statuses).toEqual([200, 200, 200]);
    const throttled = await credits('key-a');
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toEqual({ detail: 'Request was throttled.' });
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await credits('key-b')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await fetch(`${api.url}/__mock/ledger`)).status).toBe(200);
  });

  it('frees a slot when the oldest request leaves the 60 s window', () => {
    const limiter = new SlidingWindowLimiter(2);
    expect(limiter.take('t', 0).allowed).toBe(true);
    expect(limiter.take('t', 10_000).allowed).toBe(true);
    expect(limiter.take('t', 30_000)).toEqual({ allowed: false, retryAfterSec: 30 });
    expect(limiter.take('t', 60_001).allowed).toBe(true);
    expect(limiter.take('t', 60_002)).toEqual({ allowed: false, retryAfterSec: 10 });
  });
});
