import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { InfluencersClubClient } from '../../src/ic/client.ts';
import { IcRateLimitError } from '../../src/ic/errors.ts';
import { rejectionOf } from './mock-agent.ts';

/**
 * Retry-After from Influencers Club (api-ref#rate-limit) over loopback: the API limits the whole
 * account, so after a 429 every call of the client waits, not only the call that was told.
 */

const KEY = 'test-key';
const CREDITS = '/public/v1/accounts/credits/';
let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0, apiKeys: [KEY], rateLimitPerMinute: 300 });
});
afterAll(async () => {
  await api.close();
});

const client = (maxTotalMs = 5_000) =>
  new InfluencersClubClient({
    baseUrl: api.url,
    apiKey: KEY,
    retry: { minDelayMs: 1, maxDelayMs: 5, maxTotalMs },
  });

async function firstRequestAnswered(): Promise<number> {
  for (let i = 0; i < 100 && api.requests.length === 0; i++) await sleep(5);
  // the 429 is back at the client a moment after the double recorded the request
  await sleep(30);
  return api.requests[0]?.at ?? 0;
}

describe('Retry-After on a 429', () => {
  it('holds back a concurrent call of the same client until Retry-After has passed', async () => {
    api.reset();
    api.failNext(CREDITS, 429, 1, 0.4);
    const c = client();
    const told = c.credits();
    const firstAt = await firstRequestAnswered();
    const other = c.credits();
    await Promise.all([told, other]);
    const times = api.requests.map((r) => r.at - firstAt);
    expect(times).toHaveLength(3);
    // Before this change the concurrent call went out at once (about 30 ms) and met the limit too.
    for (const t of times.slice(1)) expect(t).toBeGreaterThanOrEqual(380);
  });

  it('a hold longer than the time budget fails a concurrent call at once, sending nothing', async () => {
    api.reset();
    api.failNext(CREDITS, 429, 1, 30);
    const c = client(1_000);
    const told = rejectionOf(c.credits());
    await firstRequestAnswered();
    // Waiting out the 30 s hold would outlast the test's timeout: the call must fail without it.
    const error = await rejectionOf(c.credits());
    expect(error).toBeInstanceOf(IcRateLimitError);
    expect(error).toMatchObject({ mayHaveCharged: false });
    expect((error as IcRateLimitError).retryAfterMs).toBeGreaterThan(25_000);
    expect(await told).toBeInstanceOf(IcRateLimitError);
    expect(api.requests).toHaveLength(1);
  });
});
