import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { type IcClientOptions, InfluencersClubClient } from '../../src/ic/client.ts';
import {
  IcAuthError,
  IcBadRequestError,
  IcInsufficientCreditsError,
  IcMalformedResponseError,
  IcMisconfiguredError,
  IcNetworkError,
  IcNotFoundError,
  IcRateLimitError,
  IcTimeoutError,
  IcUpstreamError,
  IcValidationError,
} from '../../src/ic/errors.ts';
import { creditsToMilli } from '../../src/ic/prices.ts';
import { toCreatorProfile, toCreatorSummary } from '../../src/ic/profile.ts';
import { readAll, rejectionOf } from './mock-agent.ts';

/**
 * The client against the API double (mock-api/) over loopback: every endpoint, every error class,
 * and the credits the double actually charged.
 */

const KEY = 'test-key';
let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0, apiKeys: [KEY], credits: 1000, rateLimitPerMinute: 300, slowMs: 400 });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
});

function client(options: Partial<IcClientOptions> = {}): InfluencersClubClient {
  return new InfluencersClubClient({
    baseUrl: api.url,
    apiKey: KEY,
    retry: { minDelayMs: 1, maxDelayMs: 5, maxTotalMs: 5_000 },
    ...options,
  });
}

const usedMilli = () => creditsToMilli(api.ledger.used);
const requestsTo = (path: string) => api.requests.filter((r) => r.path === path);

describe('every endpoint against the double', () => {
  it('discovery and similar: pages of creators, charged per creator returned', async () => {
    const c = client();
    const found = await c.discover({
      platform: 'instagram',
      paging: { limit: 5, page: 0 },
      sort: { sort_by: 'relevancy', sort_order: 'desc' },
      filters: { ai_search: 'home workout', number_of_followers: { min: 1000 } },
    });
    expect(found.data.accounts.length).toBeGreaterThan(0);
    expect(found.data.accounts.length).toBeLessThanOrEqual(5);
    expect(typeof found.data.credits_left).toBe('number');
    expect(found.creditsCost).toBe(found.data.accounts.length * 0.01);
    const summary = toCreatorSummary(found.data.accounts[0], 'instagram');
    expect(summary.handle).not.toBeNull();
    expect(summary.followers).toEqual(expect.any(Number));

    const seed = summary.handle!;
    const similar = await c.similarCreators({
      platform: 'instagram',
      filter_key: 'username',
      filter_value: seed,
      paging: { limit: 3, page: 0 },
    });
    expect(similar.data.accounts.length).toBeLessThanOrEqual(3);
    expect(usedMilli()).toBe(creditsToMilli(found.creditsCost + similar.creditsCost));
  });

  it('audience overlap: 1 credit', async () => {
    const { data, creditsCost } = await client().audienceOverlap({
      platform: 'instagram',
      creators: ['example_creator', 'another_creator'],
    });
    expect(creditsCost).toBe(1);
    expect(data.details.length).toBe(2);
    expect(usedMilli()).toBe(1000);
  });

  it('the nine dictionaries are free', async () => {
    const c = client();
    expect((await c.languages()).length).toBeGreaterThan(0);
    expect((await c.locations('tiktok')).every((l) => typeof l === 'string')).toBe(true);
    expect(Array.isArray(await c.brands({ search: 'ni' }))).toBe(true);
    expect(Array.isArray(await c.youtubeTopics())).toBe(true);
    expect(Array.isArray(await c.games())).toBe(true);
    for (const list of [
      await c.audienceBrandCategories(),
      await c.audienceBrandNames({ search: 'a', offset: 0 }),
      await c.audienceInterests({ search: 'fit' }),
      await c.audienceLocations({ offset: 0 }),
    ]) {
      expect(Array.isArray(list)).toBe(true);
    }
    expect(api.ledger.used).toBe(0);
    expect(api.requests).toHaveLength(9);
  });

  it('connected socials, full and raw enrichment read into profiles, charged what they report', async () => {
    const c = client();
    const socials = await c.connectedSocials({ platform: 'instagram', handle: 'example_creator' });
    expect(socials.creditsCost).toBe(0.5);
    expect(socials.data.result.length).toBeGreaterThan(0);

    const full = await c.enrichHandleFull({
      platform: 'youtube',
      handle: 'example_creator',
      email_required: 'preferred',
      include_lookalikes: false,
      include_audience_data: true,
    });
    expect(full.creditsCost).toBe(1);
    const profile = toCreatorProfile(full.data.result, 'youtube');
    expect(profile.followers).toEqual(expect.any(Number));
    expect(profile.handle).not.toBeNull();

    const twitch = await c.enrichHandleFull({ platform: 'twitch', handle: 'example_streamer' });
    expect(toCreatorProfile(twitch.data.result, 'twitch').followers).toEqual(expect.any(Number));

    const raw = await c.enrichHandleRaw({ platform: 'tiktok', handle: 'example_creator' });
    expect(raw.creditsCost).toBe(0.03);
    expect(toCreatorProfile(raw.data.result, 'tiktok').followers).toEqual(expect.any(Number));

    expect(usedMilli()).toBe(creditsToMilli(0.5 + 1 + 1 + 0.03));
  });

  it('email basic and advanced', async () => {
    const c = client();
    const basic = await c.enrichEmailBasic({ email: 'Hello@Example-Creator.test' });
    expect(basic.creditsCost).toBe(0.05);
    expect(toCreatorSummary(basic.data.result).handle).not.toBeNull();
    expect(api.requests[0]?.body).toEqual({ email: 'hello@example-creator.test' });

    const advanced = await c.enrichEmailAdvanced({ email: 'hello@example-creator.test', min_followers: 0 });
    expect(advanced.creditsCost).toBe(2);
    expect(usedMilli()).toBe(creditsToMilli(2.05));
  });

  it('creator posts page through next_token; post details by content type', async () => {
    const c = client();
    const first = await c.creatorPosts({ platform: 'tiktok', handle: 'example_creator', count: 5 });
    expect(first.data.result?.items.length).toBeGreaterThan(0);
    const token = first.data.result?.next_token;
    expect(token).toEqual(expect.any(String));
    const second = await c.creatorPosts({
      platform: 'tiktok',
      handle: 'example_creator',
      count: 5,
      pagination_token: token!,
    });
    expect(second.data.result?.items[0]?.pk).not.toBe(first.data.result?.items[0]?.pk);

    const postId = first.data.result?.items[0]?.pk ?? '1';
    const details = await c.postDetails({ platform: 'tiktok', post_id: postId, content_type: 'data' });
    expect(details.creditsCost).toBe(0.03);
    expect(details.data.result).toBeTruthy();
    expect(usedMilli()).toBe(creditsToMilli(0.09));
  });

  it('account credits reflect what was spent', async () => {
    const c = client();
    await c.enrichHandleRaw({ platform: 'instagram', handle: 'someone' });
    expect(await c.credits()).toEqual({ creditsAvailable: 999.97, creditsUsed: 0.03 });
  });

  it('a batch: create (multipart) → status → results as JSON rows, CSV, presigned download', async () => {
    const c = client();
    const created = await c.createBatch({
      csv: 'handle\nexample_creator\nanother_creator\nghost_account\n',
      enrichmentMode: 'raw',
      platform: 'instagram',
      metadata: { campaign: 'Q4' },
    });
    expect(created.batch_id).toMatch(/^bch_/);
    expect(created.og_input_number).toBe(3);
    const form = api.requests[0]?.body as Record<string, unknown>;
    expect(form).toMatchObject({
      enrichment_mode: 'raw',
      platform: 'instagram',
      metadata: '{"campaign":"Q4"}',
    });
    expect(String(form.file)).toContain('another_creator');

    const early = await rejectionOf(
      (async () => {
        for await (const _ of c.batchResults(created.batch_id)) {
          // not finished yet
        }
      })(),
    );
    expect(early).toBeInstanceOf(IcBadRequestError);

    let status = await c.batchStatus(created.batch_id);
    for (let i = 0; i < 10 && status.status !== 'finished'; i++)
      status = await c.batchStatus(created.batch_id);
    expect(status.status).toBe('finished');
    expect(status.credits_used).toEqual(expect.any(Number));

    const rows = [];
    for await (const row of c.batchResults(created.batch_id)) rows.push(row);
    expect(rows.map((r) => r.input_value)).toEqual(['example_creator', 'another_creator', 'ghost_account']);
    expect(rows[0]?.enrichment_data).not.toBeNull();

    const csv = await readAll(await c.batchResultsCsv(created.batch_id));
    expect(csv).toContain('example_creator');

    const download = await c.batchDownload(created.batch_id);
    expect(download.download_url).toMatch(/^http/);
    const text = await readAll(await c.openPresignedDownload(download.download_url));
    expect(text).toContain('another_creator');
  });

  it('a batch paused for lack of credits resumes', async () => {
    const c = client();
    api.setCredits(0.05);
    const created = await c.createBatch({
      csv: `handle\n${Array.from({ length: 20 }, (_, i) => `creator_${i}`).join('\n')}\n`,
      enrichmentMode: 'raw',
      platform: 'tiktok',
    });
    let status = await c.batchStatus(created.batch_id);
    for (let i = 0; i < 10 && status.status !== 'paused_insufficient_credits'; i++) {
      status = await c.batchStatus(created.batch_id);
    }
    expect(status.status).toBe('paused_insufficient_credits');
    api.setCredits(100);
    const resumed = await c.resumeBatch(created.batch_id);
    expect(resumed.status).not.toBe('paused_insufficient_credits');
    expect(requestsTo(`/public/v1/enrichment/batch/${created.batch_id}/resume/`)).toHaveLength(1);
  });
});

describe('every error class against the double', () => {
  const enrich = (c: InfluencersClubClient, handle: string) =>
    c.enrichHandleFull({ platform: 'instagram', handle });
  const FULL = '/public/v1/creators/enrich/handle/full/';

  it('an unknown key is IcAuthError', async () => {
    const error = await rejectionOf(client({ apiKey: 'wrong-key' }).credits());
    expect(error).toBeInstanceOf(IcAuthError);
    expect((error as Error).message).not.toContain('wrong-key');
  });

  it('ghost handles are IcNotFoundError(no_data) and cost nothing', async () => {
    const error = await rejectionOf(enrich(client(), 'ghost_creator'));
    expect(error).toBeInstanceOf(IcNotFoundError);
    expect(error).toMatchObject({ reason: 'no_data', mayHaveCharged: false });
    expect(api.ledger.used).toBe(0);
  });

  it('fault_html is IcMisconfiguredError, not "no data"; so is a wrong base URL', async () => {
    expect(await rejectionOf(enrich(client(), 'fault_html'))).toMatchObject({
      code: 'IC_MISCONFIGURED',
      mayHaveCharged: false,
    });
    const wrongBase = client({ baseUrl: `${api.url}/api` });
    const error = await rejectionOf(wrongBase.credits());
    expect(error).toBeInstanceOf(IcMisconfiguredError);
    expect((error as Error).message).toContain('INFLUENCERS_CLUB_API_URL');
  });

  it('an unknown batch id is IcNotFoundError(unknown_batch)', async () => {
    expect(await rejectionOf(client().batchStatus('bch_00000000000000000000000000000000'))).toMatchObject({
      reason: 'unknown_batch',
    });
  });

  it('fault_422 is IcValidationError with the field', async () => {
    const error = await rejectionOf(enrich(client(), 'fault_422'));
    expect(error).toBeInstanceOf(IcValidationError);
    expect(error).toMatchObject({ local: false, status: 422 });
    expect((error as IcValidationError).fields[0]?.field).toBe('handle');
  });

  it('fault_402 is IcInsufficientCreditsError; an empty balance too', async () => {
    expect(await rejectionOf(enrich(client(), 'fault_402'))).toBeInstanceOf(IcInsufficientCreditsError);
    api.setCredits(0);
    expect(await rejectionOf(enrich(client(), 'someone'))).toBeInstanceOf(IcInsufficientCreditsError);
  });

  it('fault_500 on a paid call is IcUpstreamError, not retried, not charged', async () => {
    const error = await rejectionOf(enrich(client(), 'fault_500'));
    expect(error).toBeInstanceOf(IcUpstreamError);
    expect(error).toMatchObject({ status: 500, mayHaveCharged: false });
    expect(requestsTo(FULL)).toHaveLength(1);
    expect(api.ledger.used).toBe(0);
  });

  it('fault_flaky: a paid call is not retried on 503, the next call succeeds', async () => {
    const c = client();
    expect(await rejectionOf(enrich(c, 'fault_flaky_1'))).toMatchObject({ code: 'IC_UPSTREAM', status: 503 });
    expect((await enrich(c, 'fault_flaky_1')).creditsCost).toBe(1);
    expect(requestsTo(FULL)).toHaveLength(2);
  });

  it('5xx on a free GET is retried until it succeeds', async () => {
    api.failNext('/public/v1/accounts/credits/', 503, 2);
    expect(await client().credits()).toEqual({ creditsAvailable: 1000, creditsUsed: 0 });
    expect(requestsTo('/public/v1/accounts/credits/')).toHaveLength(3);
  });

  it('429 is retried on a paid call when Retry-After fits the time budget', async () => {
    api.failNext(FULL, 429, 1, 0);
    const { creditsCost } = await enrich(client(), 'someone');
    expect(creditsCost).toBe(1);
    expect(requestsTo(FULL)).toHaveLength(2);
  });

  it('fault_429 with Retry-After: 1 beyond the budget gives up at once with IcRateLimitError', async () => {
    const error = await rejectionOf(
      enrich(client({ retry: { maxTotalMs: 300, minDelayMs: 1, maxDelayMs: 5 } }), 'fault_429'),
    );
    expect(error).toBeInstanceOf(IcRateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 1000, mayHaveCharged: false });
    expect(requestsTo(FULL)).toHaveLength(1);
  });

  it('fault_slow past the timeout is IcTimeoutError: may have charged, not retried', async () => {
    const error = await rejectionOf(enrich(client({ timeoutMs: 100 }), 'fault_slow'));
    expect(error).toBeInstanceOf(IcTimeoutError);
    expect(error).toMatchObject({ mayHaveCharged: true });
    expect(requestsTo(FULL)).toHaveLength(1);
  });

  it('fault_malformed is IcMalformedResponseError: charged by the double, and flagged so', async () => {
    const error = await rejectionOf(enrich(client(), 'fault_malformed'));
    expect(error).toBeInstanceOf(IcMalformedResponseError);
    expect(error).toMatchObject({ mayHaveCharged: true });
    expect(api.ledger.used).toBe(1);
  });

  it('bad input never reaches the double', async () => {
    const c = client();
    expect(await rejectionOf(c.audienceOverlap({ platform: 'instagram', creators: ['one'] }))).toMatchObject({
      code: 'IC_VALIDATION',
      local: true,
    });
    expect(
      await rejectionOf(c.discover({ platform: 'instagram', paging: { limit: 50, page: 200 } })),
    ).toMatchObject({
      local: true,
    });
    expect(api.requests).toHaveLength(0);
  });

  it('a server that is gone is IcNetworkError(connectFailed)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const gone = client({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await rejectionOf(gone.enrichHandleRaw({ platform: 'instagram', handle: 'x' }));
    expect(error).toBeInstanceOf(IcNetworkError);
    expect(error).toMatchObject({ connectFailed: true, mayHaveCharged: false });
  });
});
