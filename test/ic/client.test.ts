import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RetryEvent } from '../../src/ic/client.ts';
import { InfluencersClubClient } from '../../src/ic/client.ts';
import {
  IcAuthError,
  IcBadRequestError,
  IcError,
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
import { BASE, KEY, MockIc, networkError, readAll, rejectionOf } from './mock-agent.ts';

let ic: MockIc;
beforeEach(() => {
  ic = new MockIc();
});
afterEach(async () => {
  await ic.close();
});

const discoveryAnswer = {
  total: 1342,
  limit: 2,
  credits_left: '987.44',
  accounts: [
    {
      user_id: '5512345678',
      profile: {
        username: 'a',
        full_name: 'A',
        picture: 'https://cdn/a.jpg',
        followers: 128400,
        engagement_percent: 3.42,
      },
    },
    { user_id: 42, profile: { username: 'b', followers: '1,200', extra_field: true } },
  ],
};

describe('endpoints: method, exact path, auth, body and parsed answer', () => {
  it('discover POSTs the request as-is and charges per creator returned', async () => {
    ic.on('POST', '/public/v1/discovery/', { status: 200, body: discoveryAnswer });
    const req = {
      platform: 'instagram' as const,
      paging: { limit: 2, page: 0 },
      sort: { sort_by: 'relevancy' as const, sort_order: 'desc' as const },
      filters: { ai_search: 'home workout coaches', number_of_followers: { min: 50_000 } },
    };
    const { data, creditsCost } = await ic.client().discover(req);
    const [sent] = ic.sent();
    expect(sent?.method).toBe('POST');
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent?.body ?? '')).toEqual(req);
    expect(data.credits_left).toBe(987.44);
    expect(data.accounts[1]?.user_id).toBe('42');
    expect(data.accounts[1]?.profile?.followers).toBe(1200);
    expect(data.accounts[1]?.profile).toMatchObject({ extra_field: true });
    expect(creditsCost).toBe(0.02);
  });

  it('similarCreators POSTs to the similar path; an answer with credits_cost uses it', async () => {
    ic.on('POST', '/public/v1/discovery/creators/similar/', {
      status: 200,
      body: { ...discoveryAnswer, credits_cost: 0.05 },
    });
    const { data, creditsCost } = await ic.client().similarCreators({
      platform: 'tiktok',
      filter_key: 'username',
      filter_value: 'example_creator',
      paging: { limit: 10, page: 0 },
    });
    expect(ic.sent()[0]?.path).toBe('/public/v1/discovery/creators/similar/');
    expect(data.accounts).toHaveLength(2);
    expect(creditsCost).toBe(0.05);
  });

  it('audienceOverlap POSTs creators and reads the overlap answer', async () => {
    ic.on('POST', '/public/v1/creators/audience/overlap/', {
      status: 200,
      body: {
        credits_cost: 1,
        credits_left: 986.34,
        success: true,
        basics: { total_followers: 612000, total_unique_followers: '498300' },
        details: [{ user_id: '1', username: 'a', unique_percentage: 0.71, user: { is_verified: false } }],
      },
    });
    const { data, creditsCost } = await ic
      .client()
      .audienceOverlap({ platform: 'instagram', creators: ['a', 'b'] });
    expect(JSON.parse(ic.sent()[0]?.body ?? '')).toEqual({ platform: 'instagram', creators: ['a', 'b'] });
    expect(data.basics?.total_unique_followers).toBe(498300);
    expect(data.details[0]?.user?.is_verified).toBe(false);
    expect(creditsCost).toBe(1);
  });

  it('the nine dictionaries GET their paths (with search/offset where given) and are free', async () => {
    const c = ic.client();
    ic.on('GET', '/public/v1/discovery/classifier/languages/', {
      status: 200,
      body: [{ language: 'English', abbreviation: 'en' }],
    });
    ic.on('GET', '/public/v1/discovery/classifier/locations/youtube/', {
      status: 200,
      body: ['United States', 'Canada'],
    });
    ic.on('GET', '/public/v1/discovery/classifier/brands/', {
      status: 200,
      body: [{ full_name: 'Nike', cleaned: 'nike', username: 'nike' }],
    });
    ic.on('GET', '/public/v1/discovery/classifier/yt-topics/', {
      status: 200,
      body: [{ topic_details: 'Sports', sub_topic_details: ['Football'] }],
    });
    ic.on('GET', '/public/v1/discovery/classifier/games/', {
      status: 200,
      body: [{ name: 'Fortnite' }, 'Minecraft'],
    });
    for (const p of [
      'audience-brand-categories',
      'audience-brand-names',
      'audience-interests',
      'audience-locations',
    ]) {
      ic.on('GET', `/public/v1/discovery/classifier/${p}/`, {
        status: 200,
        // a paginated wrapper is accepted as well as a bare list (api-ref#open-questions)
        body:
          p === 'audience-interests' ? { results: [{ full_name: 'Fitness & Yoga' }] } : [{ full_name: p }],
      });
    }

    expect(await c.languages()).toEqual([{ language: 'English', abbreviation: 'en' }]);
    expect(await c.locations('youtube')).toEqual(['United States', 'Canada']);
    expect((await c.brands({ search: 'ni', offset: 0 }))[0]?.cleaned).toBe('nike');
    expect((await c.youtubeTopics())[0]?.topic_details).toBe('Sports');
    expect((await c.games()).map((g) => g.name)).toEqual(['Fortnite', 'Minecraft']);
    expect((await c.audienceBrandCategories())[0]?.full_name).toBe('audience-brand-categories');
    expect((await c.audienceBrandNames({ search: 'adi' }))[0]?.full_name).toBe('audience-brand-names');
    expect((await c.audienceInterests({ search: 'fit', offset: 20 }))[0]?.full_name).toBe('Fitness & Yoga');
    expect((await c.audienceLocations())[0]?.full_name).toBe('audience-locations');

    const sent = ic.sent();
    expect(sent.every((s) => s.method === 'GET' && s.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(sent.find((s) => s.path.endsWith('/brands/'))?.query).toEqual({ search: 'ni', offset: '0' });
    expect(sent.find((s) => s.path.endsWith('/audience-interests/'))?.query).toEqual({
      search: 'fit',
      offset: '20',
    });
    expect(sent.find((s) => s.path.endsWith('/languages/'))?.query).toEqual({});
  });

  it('connectedSocials, enrich full/raw, email basic/advanced, posts and post details POST their bodies', async () => {
    const c = ic.client();
    ic.on('POST', '/public/v1/creators/socials/', {
      status: 200,
      body: {
        credits_cost: 0.5,
        response_meta: {},
        result: [{ platform: 'youtube', username: 'x', followers: 45200 }],
      },
    });
    ic.on('POST', '/public/v1/creators/enrich/handle/full/', {
      status: 200,
      body: {
        credits_cost: 1.0,
        trial_searches_left: 9,
        result: { email: 'a@b.test', youtube: { id: 'UC1', subscriber_count: '1000', exists: true } },
      },
    });
    ic.on('POST', '/public/v1/creators/enrich/handle/raw/', {
      status: 200,
      body: {
        credits_cost: 0.03,
        result: { tiktok: { user_id: '1', exists: true, follower_count: 310000 } },
      },
    });
    ic.on('POST', '/public/v1/creators/enrich/email/', {
      status: 200,
      body: {
        credits_cost: 0.05,
        result: { platform: 'instagram', userId: '55', username: 'ex', followers: 1 },
      },
    });
    ic.on('POST', '/public/v1/creators/enrich/email/advanced/', {
      status: 200,
      body: { result: { instagram: { username: 'ex' } } },
    });
    ic.on('POST', '/public/v1/creators/content/posts/', {
      status: 200,
      body: {
        credits_cost: 0.03,
        result: {
          num_results: 1,
          more_available: true,
          next_token: 'CUR',
          items: [{ pk: 123, engagement: { likes: '5200', comments: 140 } }],
        },
      },
    });
    ic.on('POST', '/public/v1/creators/content/details/', {
      status: 200,
      body: { credits_cost: 0.03, result: { transcript: 'Today we…' } },
    });

    const socials = await c.connectedSocials({ platform: 'instagram', handle: 'example_creator' });
    expect(socials).toMatchObject({
      creditsCost: 0.5,
      data: { result: [{ platform: 'youtube', followers: 45200 }] },
    });

    const full = await c.enrichHandleFull({
      platform: 'youtube',
      handle: 'UC1',
      email_required: 'preferred',
      include_lookalikes: false,
      include_audience_data: true,
    });
    expect(full.creditsCost).toBe(1);
    expect(full.data.trial_searches_left).toBe(9);
    expect(full.data.result?.email).toBe('a@b.test');

    const raw = await c.enrichHandleRaw({ platform: 'tiktok', handle: 'example_creator' });
    expect(raw.creditsCost).toBe(0.03);

    const basic = await c.enrichEmailBasic({ email: '  Hello@Example-Creator.TEST ' });
    expect(basic.data.result?.userId).toBe('55');

    const advanced = await c.enrichEmailAdvanced({
      email: 'a@b.test',
      exclude_platforms: ['tiktok'],
      min_followers: 1000,
    });
    // no credits_cost in the answer: the price table says what it cost
    expect(advanced.creditsCost).toBe(2);

    const posts = await c.creatorPosts({ platform: 'instagram', handle: 'example_creator' });
    expect(posts.data.result?.next_token).toBe('CUR');
    expect(posts.data.result?.items[0]).toMatchObject({ pk: '123', engagement: { likes: 5200 } });

    const details = await c.postDetails({
      platform: 'tiktok',
      post_id: '7633870659864644895',
      content_type: 'transcript',
    });
    expect(details.data.result).toEqual({ transcript: 'Today we…' });

    const bodies = ic.sent().map((s) => [s.path, JSON.parse(s.body)]);
    expect(bodies).toEqual([
      ['/public/v1/creators/socials/', { platform: 'instagram', handle: 'example_creator' }],
      [
        '/public/v1/creators/enrich/handle/full/',
        {
          platform: 'youtube',
          handle: 'UC1',
          email_required: 'preferred',
          include_lookalikes: false,
          include_audience_data: true,
        },
      ],
      ['/public/v1/creators/enrich/handle/raw/', { platform: 'tiktok', handle: 'example_creator' }],
      ['/public/v1/creators/enrich/email/', { email: 'hello@example-creator.test' }],
      [
        '/public/v1/creators/enrich/email/advanced/',
        { email: 'a@b.test', exclude_platforms: ['tiktok'], min_followers: 1000 },
      ],
      ['/public/v1/creators/content/posts/', { platform: 'instagram', handle: 'example_creator' }],
      [
        '/public/v1/creators/content/details/',
        { platform: 'tiktok', post_id: '7633870659864644895', content_type: 'transcript' },
      ],
    ]);
  });

  it('createBatch sends multipart form data with the CSV and the form fields', async () => {
    ic.on('POST', '/public/v1/enrichment/batch/', {
      status: 200,
      body: {
        batch_id: 'bch_0f1e2d3c4b5a69788796a5b4c3d2e1f0',
        status: 'queued',
        og_input_number: 2,
        type_report: 'ENRICH_BY_HANDLE',
        metadata: { campaign: 'Q4' },
      },
    });
    const created = await ic.client().createBatch({
      csv: 'handle\nexample_creator\nanother_creator\n',
      filename: 'creators.csv',
      enrichmentMode: 'full',
      platform: 'instagram',
      metadata: { campaign: 'Q4' },
      emailRequired: 'preferred',
      includeLookalikes: false,
      includeAudienceData: true,
    });
    expect(created.batch_id).toBe('bch_0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(created.og_input_number).toBe(2);
    const [sent] = ic.sent();
    expect(sent?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const body = sent?.body ?? '';
    const field = (name: string) => new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`).exec(body)?.[1];
    expect(body).toContain('filename="creators.csv"');
    expect(body).toContain('handle\nexample_creator\nanother_creator\n');
    expect(field('enrichment_mode')).toBe('full');
    expect(field('platform')).toBe('instagram');
    expect(field('metadata')).toBe('{"campaign":"Q4"}');
    expect(field('email_required')).toBe('preferred');
    expect(field('include_lookalikes')).toBe('false');
    expect(field('include_audience_data')).toBe('true');
    expect(field('exclude_platforms')).toBeUndefined();
  });

  it('batchStatus reads credits_used "310.00" as 310; resume POSTs {} and tolerates an empty answer', async () => {
    const id = 'bch_0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    ic.on('GET', `/public/v1/enrichment/batch/${id}/status/`, {
      status: 200,
      body: {
        batch_id: id,
        status: 'paused_insufficient_credits',
        total_rows: 500,
        processed_rows: 320,
        credits_used: '310.00',
        status_message: 'Out of credits',
      },
    });
    ic.on('POST', `/public/v1/enrichment/batch/${id}/resume/`, { status: 200, body: '' });
    const c = ic.client();
    const status = await c.batchStatus(id);
    expect(status).toMatchObject({
      status: 'paused_insufficient_credits',
      credits_used: 310,
      processed_rows: 320,
    });
    expect(await c.resumeBatch(id)).toMatchObject({ status: null });
    const resume = ic.sent()[1];
    expect(resume?.method).toBe('POST');
    expect(JSON.parse(resume?.body ?? '')).toEqual({});
  });

  it('credits GETs the balance and reads numbers sent as strings', async () => {
    ic.on('GET', '/public/v1/accounts/credits/', {
      status: 200,
      body: { credits_available: '987.44', credits_used: 12.56 },
    });
    expect(await ic.client().credits()).toEqual({ creditsAvailable: 987.44, creditsUsed: 12.56 });
  });
});

describe('batch results', () => {
  const id = 'bch_1';
  const path = `/public/v1/enrichment/batch/${id}/`;

  it('streams rows of a bare JSON array from ?format=json', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({
      input_value: `creator_${i}`,
      status: i % 10 === 0 ? 'not_found' : 'success',
      enrichment_data: i % 10 === 0 ? null : { email: `c${i}@x.test`, instagram: { follower_count: i } },
    }));
    ic.on('GET', path, { status: 200, body: rows });
    const seen = [];
    for await (const row of ic.client().batchResults(id)) seen.push(row);
    expect(seen).toHaveLength(500);
    expect(seen[1]).toMatchObject({
      input_value: 'creator_1',
      status: 'success',
      enrichment_data: { email: 'c1@x.test' },
    });
    expect(seen[0]?.enrichment_data).toBeNull();
    expect(ic.sent()[0]?.query).toEqual({ format: 'json' });
  });

  it('accepts a {results: [...]} or {data: [...]} wrapper and `result` instead of enrichment_data', async () => {
    ic.on(
      'GET',
      path,
      {
        status: 200,
        body: { count: 1, results: [{ input_value: 'a', status: 'success', result: { email: 'a@x' } }] },
      },
      { status: 200, body: { data: [{ input_value: 'b', status: 'failed' }] } },
    );
    const c = ic.client();
    const first = [];
    for await (const row of c.batchResults(id)) first.push(row);
    expect(first).toMatchObject([{ input_value: 'a', enrichment_data: { email: 'a@x' } }]);
    const second = [];
    for await (const row of c.batchResults(id)) second.push(row);
    expect(second).toMatchObject([{ input_value: 'b', status: 'failed', enrichment_data: null }]);
  });

  it('reads only the first top-level list of a wrapper; an empty one is zero rows, not an error', async () => {
    ic.on(
      'GET',
      path,
      {
        status: 200,
        body: {
          meta: { results: [{ input_value: 'nested', status: 'success' }] },
          results: [
            { input_value: 'a', status: 'success' },
            { input_value: 'b', status: 'success' },
          ],
          data: [{ input_value: 'second list', status: 'success' }],
        },
      },
      { status: 200, body: { total: 0, data: [] } },
    );
    const c = ic.client();
    const first = [];
    for await (const row of c.batchResults(id)) first.push(row.input_value);
    expect(first).toEqual(['a', 'b']);
    const empty = [];
    for await (const row of c.batchResults(id)) empty.push(row);
    expect(empty).toEqual([]);
  });

  it('a truncated body is IcMalformedResponseError; an object without rows too', async () => {
    ic.on(
      'GET',
      path,
      { status: 200, body: '[{"input_value":"a","status":"success"},{"input_' },
      { status: 200, body: { nope: 1 } },
    );
    const c = ic.client();
    const drain = async () => {
      for await (const _ of c.batchResults(id)) {
        // read everything
      }
    };
    const truncated = await rejectionOf(drain());
    expect(truncated).toBeInstanceOf(IcMalformedResponseError);
    expect((truncated as IcError).mayHaveCharged).toBe(false);
    expect(await rejectionOf(drain())).toBeInstanceOf(IcMalformedResponseError);
  });

  it('400 before the batch is finished is IcBadRequestError; an unknown id is IcNotFoundError(unknown_batch)', async () => {
    ic.on('GET', path, { status: 400, body: { detail: 'Batch is not finished yet' } });
    ic.on('GET', '/public/v1/enrichment/batch/bch_nope/status/', {
      status: 404,
      body: { detail: 'Not found.' },
    });
    const c = ic.client();
    const early = await rejectionOf(
      (async () => {
        for await (const _ of c.batchResults(id)) {
          // nothing
        }
      })(),
    );
    expect(early).toBeInstanceOf(IcBadRequestError);
    expect((early as Error).message).toContain('Batch is not finished yet');
    const unknown = await rejectionOf(c.batchStatus('bch_nope'));
    expect(unknown).toBeInstanceOf(IcNotFoundError);
    expect((unknown as IcNotFoundError).reason).toBe('unknown_batch');
  });

  it('batchResultsCsv streams ?format=csv; batchDownload reads the presigned URL metadata', async () => {
    ic.on('GET', path, {
      status: 200,
      body: 'input_value,status\na,success\n',
      headers: { 'content-type': 'text/csv' },
    });
    ic.on('GET', `/public/v1/enrichment/batch/${id}/download/`, {
      status: 200,
      body: {
        download_url: 'https://storage.example.test/batch/bch_1.csv?X-Amz-Signature=abc',
        filename: 'bch_1_results.csv',
        expires_in: 3600,
        expires_at: '2026-05-02T11:45:00Z',
        batch_id: id,
        total_results: '490',
        invalid_records: 10,
      },
    });
    const c = ic.client();
    expect(await readAll(await c.batchResultsCsv(id))).toBe('input_value,status\na,success\n');
    expect(ic.sent()[0]?.query).toEqual({ format: 'csv' });
    const download = await c.batchDownload(id);
    expect(download.total_results).toBe(490);
    expect(download.download_url).toContain('X-Amz-Signature');
  });

  it('openPresignedDownload fetches the foreign URL without the Authorization header', async () => {
    const storage = ic.agent.get('https://storage.example.test');
    storage
      .intercept({ path: '/batch/bch_1.csv?X-Amz-Signature=abc', method: 'GET' })
      .reply(200, 'handle,email\na,a@x\n');
    const stream = await ic
      .client()
      .openPresignedDownload('https://storage.example.test/batch/bch_1.csv?X-Amz-Signature=abc');
    expect(await readAll(stream)).toBe('handle,email\na,a@x\n');
    const [sent] = ic.sent();
    expect(sent?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(sent?.headers)).not.toContain(KEY);
  });

  it('an expired presigned URL (403) is IcAuthError without the storage error body', async () => {
    const storage = ic.agent.get('https://storage.example.test');
    storage
      .intercept({ path: '/x.csv', method: 'GET' })
      .reply(403, '<Error><Code>AccessDenied</Code><StringToSign>secret-ish</StringToSign></Error>');
    const error = await rejectionOf(ic.client().openPresignedDownload('https://storage.example.test/x.csv'));
    expect(error).toBeInstanceOf(IcAuthError);
    expect((error as Error).message).not.toContain('StringToSign');
  });
});

describe('errors a caller branches on', () => {
  const enrich = (c: InfluencersClubClient) =>
    c.enrichHandleRaw({ platform: 'instagram', handle: 'someone' });
  const RAW = '/public/v1/creators/enrich/handle/raw/';

  it.each([
    [401, { detail: 'Invalid token.' }, IcAuthError, 'IC_AUTH'],
    [403, { detail: 'API access requires a Pro plan' }, IcAuthError, 'IC_AUTH'],
    [402, { message: 'Insufficient credits' }, IcInsufficientCreditsError, 'IC_NO_CREDITS'],
    [400, { error: 'Bad request' }, IcBadRequestError, 'IC_BAD_REQUEST'],
  ] as const)('%i → %s', async (status, body, cls, code) => {
    ic.on('POST', RAW, { status, body });
    const error = await rejectionOf(enrich(ic.client()));
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(IcError);
    expect(error).toMatchObject({
      code,
      status,
      operation: 'enrichHandleRaw',
      mayHaveCharged: false,
      retryable: false,
    });
    expect(ic.sent()).toHaveLength(1);
  });

  it('404 JSON "No data found" is no_data; an HTML 404 page is IcMisconfiguredError', async () => {
    ic.on('POST', RAW, { status: 404, body: { detail: 'No data found' } });
    ic.on('POST', RAW, {
      status: 404,
      body: '<!DOCTYPE html><html><head><title>Not Found</title></head><body>…</body></html>',
    });
    const c = ic.client();
    const noData = await rejectionOf(enrich(c));
    expect(noData).toBeInstanceOf(IcNotFoundError);
    expect(noData).toMatchObject({ reason: 'no_data', message: expect.stringContaining('No data found') });
    const html = await rejectionOf(enrich(c));
    expect(html).toBeInstanceOf(IcMisconfiguredError);
    expect(html).toMatchObject({ code: 'IC_MISCONFIGURED', mayHaveCharged: false, retryable: false });
    expect((html as Error).message).toContain('Not Found');
    expect((html as Error).message).not.toContain('<body>');
  });

  it('a 200 with exists:false or an empty result is IcNotFoundError(no_data), not charged', async () => {
    ic.on('POST', RAW, { status: 200, body: { credits_cost: 0, result: { instagram: { exists: false } } } });
    ic.on('POST', '/public/v1/creators/socials/', { status: 200, body: { credits_cost: 0, result: [] } });
    ic.on('POST', '/public/v1/creators/enrich/email/', { status: 200, body: { result: null } });
    const c = ic.client();
    for (const call of [
      () => enrich(c),
      () => c.connectedSocials({ platform: 'instagram', handle: 'x' }),
      () => c.enrichEmailBasic({ email: 'nobody@x.test' }),
    ]) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(IcNotFoundError);
      expect(error).toMatchObject({ reason: 'no_data', mayHaveCharged: false });
    }
  });

  it('422 {"error":[{field,error}]} and DRF field maps both become fields', async () => {
    ic.on('POST', '/public/v1/discovery/', {
      status: 422,
      body: { error: [{ field: 'gender', error: 'Invalid gender, must be any, male or female' }] },
    });
    ic.on('POST', '/public/v1/discovery/', {
      status: 422,
      body: { filters: { engagement_percent: ['Ensure this value is greater than or equal to 0.'] } },
    });
    const c = ic.client();
    const req = { platform: 'instagram' as const, paging: { limit: 5, page: 0 } };
    const first = await rejectionOf(c.discover(req));
    expect(first).toBeInstanceOf(IcValidationError);
    expect(first).toMatchObject({
      local: false,
      status: 422,
      fields: [{ field: 'gender', message: 'Invalid gender, must be any, male or female' }],
    });
    const second = await rejectionOf(c.discover(req));
    expect(second).toMatchObject({
      fields: [
        { field: 'filters.engagement_percent', message: 'Ensure this value is greater than or equal to 0.' },
      ],
    });
    expect((second as Error).message).toContain('filters.engagement_percent');
  });

  it('bad input is refused locally: IcValidationError(local) and nothing is sent', async () => {
    const c = ic.client();
    const attempts: (() => Promise<unknown>)[] = [
      () => c.discover({ platform: 'instagram', paging: { limit: 51, page: 0 } }),
      () => c.discover({ platform: 'instagram', paging: { limit: 50, page: 200 } }),
      () =>
        c.discover({ platform: 'instagram', paging: { limit: 5, page: 0 }, filters: { ai_search: 'ab' } }),
      () =>
        c.similarCreators({
          platform: 'twitter' as never,
          filter_key: 'username',
          filter_value: 'x',
          paging: { limit: 5, page: 0 },
        }),
      () => c.audienceOverlap({ platform: 'instagram', creators: ['only_one'] }),
      () => c.postDetails({ platform: 'youtube', post_id: 'abc', content_type: 'audio' }),
      () => c.locations('snapchat' as never),
      () => c.batchStatus('../../accounts/credits'),
    ];
    for (const attempt of attempts) {
      const error = await rejectionOf(attempt());
      expect(error).toBeInstanceOf(IcValidationError);
      expect(error).toMatchObject({ local: true, mayHaveCharged: false, code: 'IC_VALIDATION' });
      expect((error as IcValidationError).fields.length).toBeGreaterThan(0);
    }
    expect(ic.sent()).toHaveLength(0);
  });

  it('a 200 whose body is not JSON is IcMalformedResponseError: may have charged on a paid endpoint only', async () => {
    ic.on('POST', RAW, { status: 200, body: '{"credits_cost": 0.03, "result": {"instag' });
    ic.on('GET', '/public/v1/accounts/credits/', { status: 200, body: '<html>login</html>' });
    const c = ic.client();
    const paid = await rejectionOf(enrich(c));
    expect(paid).toBeInstanceOf(IcMalformedResponseError);
    expect(paid).toMatchObject({ code: 'IC_MALFORMED', mayHaveCharged: true });
    const free = await rejectionOf(c.credits());
    expect(free).toMatchObject({ code: 'IC_MALFORMED', mayHaveCharged: false });
  });

  it('a JSON answer of the wrong shape is IcMalformedResponseError', async () => {
    ic.on('POST', '/public/v1/enrichment/batch/', { status: 200, body: { status: 'queued' } });
    const error = await rejectionOf(
      ic.client().createBatch({ csv: 'email\na@b.test\n', enrichmentMode: 'basic' }),
    );
    expect(error).toBeInstanceOf(IcMalformedResponseError);
    expect((error as Error).message).toContain('batch_id');
    expect(error).toMatchObject({ mayHaveCharged: true });
  });
});

describe('retries', () => {
  const events: RetryEvent[] = [];
  beforeEach(() => {
    events.length = 0;
  });

  it('429 is retried on a paid endpoint, honouring Retry-After', async () => {
    ic.on(
      'POST',
      '/public/v1/creators/enrich/handle/full/',
      { status: 429, body: { detail: 'Request was throttled.' }, headers: { 'retry-after': '0.05' } },
      { status: 200, body: { credits_cost: 1, result: { instagram: { exists: true } } } },
    );
    const c = ic.client({ onRetry: (e) => events.push(e) });
    const { creditsCost } = await c.enrichHandleFull({ platform: 'instagram', handle: 'x' });
    expect(creditsCost).toBe(1);
    expect(ic.sent()).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(events[0]?.error).toBeInstanceOf(IcRateLimitError);
    expect(events[0]?.error).toMatchObject({ retryAfterMs: 50 });
    expect(events[0]?.delayMs).toBeGreaterThanOrEqual(50);
  });

  it('a Retry-After longer than the time budget ends the retries at once with retryAfterMs', async () => {
    const later = new Date(Date.now() + 120_000).toUTCString();
    ic.on('GET', '/public/v1/accounts/credits/', { status: 429, headers: { 'retry-after': later } });
    const error = await rejectionOf(
      ic.client({ retry: { maxTotalMs: 5_000, minDelayMs: 1, maxDelayMs: 2 } }).credits(),
    );
    expect(error).toBeInstanceOf(IcRateLimitError);
    expect((error as IcRateLimitError).retryAfterMs).toBeGreaterThan(100_000);
    expect(ic.sent()).toHaveLength(1);
  });

  it('attempts are bounded: 429 forever gives up after maxAttempts', async () => {
    ic.on('GET', '/public/v1/accounts/credits/', ...Array.from({ length: 3 }, () => ({ status: 429 })));
    const error = await rejectionOf(
      ic.client({ retry: { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 2 } }).credits(),
    );
    expect(error).toMatchObject({ code: 'IC_RATE_LIMITED', retryable: true, mayHaveCharged: false });
    expect(ic.sent()).toHaveLength(3);
  });

  it('5xx is retried on free GETs', async () => {
    ic.on(
      'GET',
      '/public/v1/accounts/credits/',
      { status: 503, body: 'Service Unavailable' },
      { status: 502 },
      {
        status: 200,
        body: { credits_available: 5, credits_used: 1 },
      },
    );
    expect(await ic.client().credits()).toEqual({ creditsAvailable: 5, creditsUsed: 1 });
    expect(ic.sent()).toHaveLength(3);
  });

  it('5xx on a paid POST is not retried (it may have been processed) and reports no charge', async () => {
    ic.on('POST', '/public/v1/discovery/', { status: 504, body: { message: 'Gateway Timeout' } });
    const error = await rejectionOf(
      ic.client().discover({ platform: 'youtube', paging: { limit: 5, page: 0 } }),
    );
    expect(error).toBeInstanceOf(IcUpstreamError);
    expect(error).toMatchObject({ status: 504, retryable: true, mayHaveCharged: false });
    expect((error as Error).message).toContain('Gateway Timeout');
    expect(ic.sent()).toHaveLength(1);
  });

  it('a timeout on a paid POST is not retried and may have charged; on a GET it is retried', async () => {
    ic.on('POST', '/public/v1/creators/enrich/handle/full/', { status: 200, body: {}, delayMs: 300 });
    const c = ic.client({ timeoutMs: 40 });
    const error = await rejectionOf(c.enrichHandleFull({ platform: 'instagram', handle: 'slow' }));
    expect(error).toBeInstanceOf(IcTimeoutError);
    expect(error).toMatchObject({ code: 'IC_TIMEOUT', mayHaveCharged: true, retryable: true });
    expect(ic.sent()).toHaveLength(1);

    ic.on(
      'GET',
      '/public/v1/discovery/classifier/languages/',
      { status: 200, body: [], delayMs: 300 },
      { status: 200, body: [{ language: 'English', abbreviation: 'en' }] },
    );
    expect(await c.languages()).toHaveLength(1);
    const free = await rejectionOf(
      (async () => {
        ic.on(
          'GET',
          '/public/v1/discovery/classifier/games/',
          ...Array.from({ length: 4 }, () => ({ status: 200, body: [], delayMs: 300 })),
        );
        return c.games();
      })(),
    );
    expect(free).toMatchObject({ code: 'IC_TIMEOUT', mayHaveCharged: false });
  });

  it('a reset after sending a paid POST is not retried and may have charged; a GET is retried', async () => {
    ic.on('POST', '/public/v1/creators/socials/', { error: networkError('ECONNRESET', 'socket hang up') });
    const c = ic.client();
    const error = await rejectionOf(c.connectedSocials({ platform: 'instagram', handle: 'x' }));
    expect(error).toBeInstanceOf(IcNetworkError);
    expect(error).toMatchObject({ connectFailed: false, mayHaveCharged: true, code: 'IC_NETWORK' });
    expect(ic.sent()).toHaveLength(1);

    ic.on(
      'GET',
      '/public/v1/accounts/credits/',
      { error: networkError('UND_ERR_SOCKET', 'other side closed') },
      {
        status: 200,
        body: { credits_available: 1, credits_used: 0 },
      },
    );
    expect((await c.credits()).creditsAvailable).toBe(1);
  });

  it('connect failures are retried even on paid POSTs (nothing arrived) and never charge', async () => {
    ic.on(
      'POST',
      '/public/v1/enrichment/batch/',
      { error: networkError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:443') },
      { error: networkError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN api.ic.test') },
      { status: 200, body: { batch_id: 'bch_ok', status: 'queued' } },
    );
    const created = await ic
      .client()
      .createBatch({ csv: 'handle\na\n', enrichmentMode: 'raw', platform: 'tiktok' });
    expect(created.batch_id).toBe('bch_ok');
    const sent = ic.sent();
    expect(sent).toHaveLength(3);
    // every attempt re-sends the same multipart bytes
    expect(new Set(sent.map((s) => s.body)).size).toBe(1);

    ic.on(
      'POST',
      '/public/v1/discovery/',
      ...Array.from({ length: 4 }, () => ({ error: networkError('ENOTFOUND') })),
    );
    const error = await rejectionOf(
      ic.client().discover({ platform: 'tiktok', paging: { limit: 1, page: 0 } }),
    );
    expect(error).toMatchObject({ code: 'IC_NETWORK', connectFailed: true, mayHaveCharged: false });
  });

  it('a real refused connection on loopback is IcNetworkError(connectFailed)', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const c = new InfluencersClubClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: KEY,
      retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await rejectionOf(c.enrichHandleFull({ platform: 'instagram', handle: 'x' }));
    expect(error).toBeInstanceOf(IcNetworkError);
    expect(error).toMatchObject({ connectFailed: true, mayHaveCharged: false });
  });
});

describe('secrets', () => {
  it('error messages and error objects never carry the API key or the Authorization header', async () => {
    ic.on('POST', '/public/v1/creators/socials/', {
      status: 400,
      body: { message: `Bad header Authorization: Bearer ${KEY}` },
    });
    const c = ic.client();
    const echoed = await rejectionOf(c.connectedSocials({ platform: 'instagram', handle: 'x' }));
    // no interceptor: undici's MockNotMatchedError echoes the request headers, key included
    const unmatched = await rejectionOf(c.credits());
    expect(unmatched).toBeInstanceOf(IcNetworkError);
    for (const error of [echoed, unmatched]) {
      const everything = [
        (error as Error).message,
        (error as Error).stack,
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ].join('\n');
      expect(everything).not.toContain(KEY);
      expect(everything).not.toMatch(/bearer\s+sk_/i);
    }
    expect(inspect(c, { depth: 5, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(c)).not.toContain(KEY);
  });

  it('invalid options are refused with a message naming the option, never the key', () => {
    expect(() => new InfluencersClubClient({ baseUrl: 'ftp://x', apiKey: KEY })).toThrow(/baseUrl/);
    expect(() => new InfluencersClubClient({ baseUrl: BASE, apiKey: 'has space' })).toThrow(/apiKey/);
    expect(() => new InfluencersClubClient({ baseUrl: BASE, apiKey: KEY, timeoutMs: 0 })).toThrow(
      /timeoutMs/,
    );
    expect(() => new InfluencersClubClient({ baseUrl: BASE, apiKey: KEY, prices: { posts: -1 } })).toThrow(
      /prices\.posts/,
    );
  });
});

describe('rate limiter shared per key', () => {
  it('clients with the same key share one window; every attempt (retries too) takes a slot', async () => {
    ic.on(
      'GET',
      '/public/v1/accounts/credits/',
      { status: 429 },
      ...Array.from({ length: 3 }, () => ({
        status: 200,
        body: { credits_available: 1, credits_used: 0 },
      })),
    );
    const limits = { rateLimit: { requests: 3, windowMs: 400 } };
    const a = ic.client(limits);
    const b = ic.client(limits);
    // 429 + retry = 2 slots, then one more call fills the window of 3
    await a.credits();
    await b.credits();
    expect(ic.sent()).toHaveLength(3);
    const waiting = a.credits();
    await new Promise((resolve) => setImmediate(resolve));
    expect(ic.sent()).toHaveLength(3);
    await waiting;
    expect(ic.sent()).toHaveLength(4);
  });

  it('a different key has its own window', async () => {
    ic.on(
      'GET',
      '/public/v1/accounts/credits/',
      ...Array.from({ length: 2 }, () => ({
        status: 200,
        body: { credits_available: 1, credits_used: 0 },
      })),
    );
    const limits = { rateLimit: { requests: 1, windowMs: 60_000 } };
    await ic.client({ ...limits, apiKey: 'key-one' }).credits();
    await ic.client({ ...limits, apiKey: 'key-two' }).credits();
    expect(ic.sent()).toHaveLength(2);
  });
});
