import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchCreateRequestSchema,
  batchResultRowSchema,
  batchStatusSchema,
  creditsResponseSchema,
  csvShape,
  discoveryRequestSchema,
  discoveryResponseSchema,
  emailBasicRequestSchema,
  enrichFullRequestSchema,
  enrichRawRequestSchema,
  enrichResponseSchema,
  overlapRequestSchema,
  postDetailsRequestSchema,
  postsRequestSchema,
  postsResponseSchema,
  similarRequestSchema,
  socialsResponseSchema,
} from '../../src/ic/schemas.ts';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(true);
const refused = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);

describe('discovery request', () => {
  const base = { platform: 'instagram', paging: { limit: 20, page: 0 } };

  it('accepts the reference example', () => {
    ok(discoveryRequestSchema, {
      platform: 'instagram',
      paging: { limit: 20, page: 0 },
      sort: { sort_by: 'relevancy', sort_order: 'desc' },
      filters: {
        ai_search: 'home workout coaches',
        location: ['United States'],
        profile_language: ['en'],
        number_of_followers: { min: 50000, max: 500000 },
        engagement_percent: { min: 2 },
        exclude_private_profile: true,
        creator_has: { has_youtube: true },
      },
    });
    ok(discoveryRequestSchema, { ...base, filters: null });
  });

  it('enforces paging: limit 1–50, page >= 0, and the 10,000-result window', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 60 }), fc.integer({ min: -2, max: 300 }), (limit, page) => {
        const valid = limit >= 1 && limit <= 50 && page >= 0 && (page + 1) * limit <= 10_000;
        expect(discoveryRequestSchema.safeParse({ ...base, paging: { limit, page } }).success).toBe(valid);
      }),
    );
    ok(discoveryRequestSchema, { ...base, paging: { limit: 50, page: 199 } });
    refused(discoveryRequestSchema, { ...base, paging: { limit: 50, page: 200 } });
    refused(discoveryRequestSchema, { ...base, paging: { limit: 2.5, page: 0 } });
    refused(discoveryRequestSchema, { platform: 'instagram' });
  });

  it('refuses platforms discovery does not serve', () => {
    for (const platform of ['snapchat', 'linkedin', 'discord', 'Instagram', 'myspace']) {
      refused(discoveryRequestSchema, { ...base, platform });
    }
  });

  it('ai_search must be 3–150 characters', () => {
    refused(discoveryRequestSchema, { ...base, filters: { ai_search: 'ab' } });
    ok(discoveryRequestSchema, { ...base, filters: { ai_search: 'abc' } });
    ok(discoveryRequestSchema, { ...base, filters: { ai_search: 'a'.repeat(150) } });
    refused(discoveryRequestSchema, { ...base, filters: { ai_search: 'a'.repeat(151) } });
  });

  it('refuses unknown filter keys, which the API would silently ignore while still charging', () => {
    const result = discoveryRequestSchema.safeParse({ ...base, filters: { followers_min: 1000 } });
    expect(result.error?.issues[0]?.message).toMatch(/unknown filter followers_min: the API would ignore it/);
    refused(discoveryRequestSchema, { ...base, filter: { ai_search: 'typo in the key' } });
  });

  it('refuses filter values the API would 422 on', () => {
    refused(discoveryRequestSchema, { ...base, filters: { gender: 'other' } });
    refused(discoveryRequestSchema, { ...base, filters: { engagement_percent: { min: 5, max: 2 } } });
  });

  it('checks the follower filter name and audience filters per platform', () => {
    ok(discoveryRequestSchema, {
      ...base,
      platform: 'youtube',
      filters: { number_of_subscribers: { min: 1 } },
    });
    refused(discoveryRequestSchema, {
      ...base,
      platform: 'youtube',
      filters: { number_of_followers: { min: 1 } },
    });
    ok(discoveryRequestSchema, { ...base, platform: 'twitch', filters: { followers: { min: 1 } } });
    refused(discoveryRequestSchema, {
      ...base,
      platform: 'onlyfans',
      filters: { number_of_followers: { min: 1 } },
    });
    ok(discoveryRequestSchema, { ...base, filters: { audience: { credibility: 'good' } } });
    refused(discoveryRequestSchema, {
      ...base,
      platform: 'tiktok',
      filters: { audience: { credibility: 'good' } },
    });
  });

  it('checks sort rules', () => {
    ok(discoveryRequestSchema, { ...base, sort: { sort_by: 'growth_rate', sort_order: 'asc' } });
    refused(discoveryRequestSchema, { ...base, platform: 'twitch', sort: { sort_by: 'growth_rate' } });
    refused(discoveryRequestSchema, {
      ...base,
      platform: 'onlyfans',
      sort: { sort_by: 'number_of_followers' },
    });
    refused(discoveryRequestSchema, { ...base, sort: { sort_by: 'relevancy', sort_order: 'asc' } });
  });
});

describe('other requests', () => {
  it('similar: no twitter, a filter_key enum, no sort', () => {
    const base = {
      platform: 'tiktok',
      filter_key: 'username',
      filter_value: 'x',
      paging: { limit: 10, page: 0 },
    };
    ok(similarRequestSchema, base);
    refused(similarRequestSchema, { ...base, platform: 'twitter' });
    refused(similarRequestSchema, { ...base, filter_key: 'handle' });
    refused(similarRequestSchema, { ...base, sort: { sort_by: 'relevancy' } });
    refused(similarRequestSchema, { ...base, filter_value: '@x' });
  });

  it('overlap: 2–10 distinct creators on instagram, tiktok or youtube', () => {
    const creators = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
    refused(overlapRequestSchema, { platform: 'instagram', creators: creators(1) });
    ok(overlapRequestSchema, { platform: 'instagram', creators: creators(2) });
    ok(overlapRequestSchema, { platform: 'youtube', creators: creators(10) });
    refused(overlapRequestSchema, { platform: 'youtube', creators: creators(11) });
    refused(overlapRequestSchema, { platform: 'twitter', creators: creators(2) });
    refused(overlapRequestSchema, { platform: 'tiktok', creators: ['same', 'SAME'] });
  });

  it('enrich full and raw: platform lists, email_required enum, handles without spaces', () => {
    ok(enrichFullRequestSchema, { platform: 'linkedin', handle: 'x' });
    refused(enrichFullRequestSchema, { platform: 'instagram', handle: 'x', email_required: 'not_needed' });
    refused(enrichFullRequestSchema, { platform: 'instagram', handle: 'two words' });
    refused(enrichFullRequestSchema, { platform: 'instagram', handle: '   ' });
    ok(enrichRawRequestSchema, { platform: 'twitch', handle: 'kaicenat' });
    refused(enrichRawRequestSchema, { platform: 'instagram', handle: 'x', include_lookalikes: true });
  });

  it('email basic lower-cases and trims the address', () => {
    expect(emailBasicRequestSchema.parse({ email: '  Hello@Example.COM ' })).toEqual({
      email: 'hello@example.com',
    });
    refused(emailBasicRequestSchema, { email: 'not-an-email' });
  });

  it('posts: platform list and per-platform count limits', () => {
    ok(postsRequestSchema, { platform: 'instagram', handle: 'x' });
    refused(postsRequestSchema, { platform: 'instagram', handle: 'x', count: 30 });
    ok(postsRequestSchema, { platform: 'tiktok', handle: 'x', count: 35 });
    refused(postsRequestSchema, { platform: 'tiktok', handle: 'x', count: 36 });
    ok(postsRequestSchema, { platform: 'youtube', handle: 'x', count: 50, pagination_token: 'abc' });
    refused(postsRequestSchema, { platform: 'twitter', handle: 'x' });
  });

  it('post details: content_type enum, no audio on YouTube, ids not URLs', () => {
    ok(postDetailsRequestSchema, {
      platform: 'tiktok',
      post_id: '7633870659864644895',
      content_type: 'audio',
    });
    refused(postDetailsRequestSchema, { platform: 'youtube', post_id: 'dQw4w9WgXcQ', content_type: 'audio' });
    refused(postDetailsRequestSchema, { platform: 'tiktok', post_id: '1', content_type: 'video' });
    refused(postDetailsRequestSchema, {
      platform: 'instagram',
      post_id: 'https://www.instagram.com/p/ABC/',
      content_type: 'data',
    });
  });

  it('batch create: header matches the mode, platform only for handle modes, mode-specific options', () => {
    ok(batchCreateRequestSchema, { csv: 'handle\na\nb\n', enrichmentMode: 'raw', platform: 'tiktok' });
    ok(batchCreateRequestSchema, {
      csv: new TextEncoder().encode('email\na@b.c\n'),
      enrichmentMode: 'basic',
    });
    refused(batchCreateRequestSchema, { csv: 'handle\na\n', enrichmentMode: 'raw' });
    refused(batchCreateRequestSchema, {
      csv: 'email\na@b.c\n',
      enrichmentMode: 'basic',
      platform: 'instagram',
    });
    refused(batchCreateRequestSchema, {
      csv: 'email\na@b.c\n',
      enrichmentMode: 'full',
      platform: 'instagram',
    });
    refused(batchCreateRequestSchema, { csv: 'handle\n', enrichmentMode: 'full', platform: 'instagram' });
    refused(batchCreateRequestSchema, {
      csv: 'handle\na\n',
      enrichmentMode: 'raw',
      platform: 'instagram',
      includeAudienceData: true,
    });
    refused(batchCreateRequestSchema, {
      csv: 'email\na@b.c\n',
      enrichmentMode: 'basic',
      emailRequired: 'must_have',
    });
    refused(batchCreateRequestSchema, { csv: 'handle\na\n', enrichmentMode: 'raw', platform: 'snapchat' });
    const tooMany = `handle\n${Array.from({ length: 10_001 }, (_, i) => `h${i}`).join('\n')}`;
    refused(batchCreateRequestSchema, { csv: tooMany, enrichmentMode: 'raw', platform: 'instagram' });
    expect(csvShape('\uFEFF"Handle"\r\na\r\n\r\nb\r\n')).toEqual({ header: 'handle', rows: 2 });
  });
});

describe('tolerant responses', () => {
  it('keep unknown fields and read numbers sent as strings', () => {
    const data = discoveryResponseSchema.parse({
      total: '12',
      credits_left: '987.44',
      brand_new_field: { x: 1 },
      accounts: [{ user_id: 1, profile: { followers: '1,234', engagement_percent: '3.5' } }],
    });
    expect(data.total).toBe(12);
    expect(data.credits_left).toBe(987.44);
    expect((data as Record<string, unknown>).brand_new_field).toEqual({ x: 1 });
    expect(data.accounts[0]).toMatchObject({
      user_id: '1',
      profile: { followers: 1234, engagement_percent: 3.5 },
    });
  });

  it('never throw on missing optional fields', () => {
    expect(discoveryResponseSchema.parse({})).toMatchObject({
      accounts: [],
      total: null,
      credits_left: null,
    });
    expect(socialsResponseSchema.parse({})).toMatchObject({ result: [], credits_cost: null });
    expect(enrichResponseSchema.parse({ result: {} }).result).toMatchObject({ email: null });
    expect(postsResponseSchema.parse({ result: { items: [{}] } }).result?.items[0]).toMatchObject({
      pk: null,
    });
  });

  it('a wrongly typed optional value reads as null instead of failing the answer', () => {
    const data = discoveryResponseSchema.parse({
      total: { weird: true },
      accounts: [{ profile: { followers: [] } }],
    });
    expect(data.total).toBeNull();
    expect(data.accounts[0]?.profile?.followers).toBeNull();
  });

  it('batch status: credits_used "310.00" → 310; an unknown status string passes through', () => {
    const s = batchStatusSchema.parse({ batch_id: 'bch_1', status: 'validating', credits_used: '310.00' });
    expect(s.credits_used).toBe(310);
    expect(s.status).toBe('validating');
    expect(batchStatusSchema.safeParse({ status: 'queued' }).success).toBe(false);
  });

  it('batch rows: `result` stands in for enrichment_data; a non-object reads as null', () => {
    expect(
      batchResultRowSchema.parse({ input_value: 'a', status: 'success', result: { email: 'x' } }),
    ).toMatchObject({
      enrichment_data: { email: 'x' },
    });
    expect(
      batchResultRowSchema.parse({ input_value: 7, status: 'failed', enrichment_data: 'n/a' }),
    ).toMatchObject({
      input_value: '7',
      enrichment_data: null,
    });
  });

  it('credits: the balance is required, strings are read as numbers', () => {
    expect(creditsResponseSchema.parse({ credits_available: '5.5', credits_used: '1' })).toMatchObject({
      credits_available: 5.5,
      credits_used: 1,
    });
    expect(creditsResponseSchema.safeParse({ credits_used: 1 }).success).toBe(false);
  });
});
