import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { postJson } from './request.ts';

let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0 });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
});

async function post(path: string, body: unknown) {
  const res = await postJson(api, path, body);
  return { status: res.status, body: (await res.json()) as { error?: { field: string; error: string }[] } };
}

const DISCOVERY = '/public/v1/discovery/';
const SIMILAR = '/public/v1/discovery/creators/similar/';
const OVERLAP = '/public/v1/creators/audience/overlap/';
const FULL = '/public/v1/creators/enrich/handle/full/';
const RAW = '/public/v1/creators/enrich/handle/raw/';
const SOCIALS = '/public/v1/creators/socials/';
const EMAIL = '/public/v1/creators/enrich/email/';
const EMAIL_ADVANCED = '/public/v1/creators/enrich/email/advanced/';
const POSTS = '/public/v1/creators/content/posts/';
const DETAILS = '/public/v1/creators/content/details/';

const paging = { limit: 10, page: 0 };

const rejected: [string, string, unknown, string][] = [
  ['discovery platform outside the 6', DISCOVERY, { platform: 'linkedin', paging }, 'platform'],
  ['missing paging', DISCOVERY, { platform: 'instagram' }, 'paging'],
  ['paging.limit 0', DISCOVERY, { platform: 'instagram', paging: { limit: 0, page: 0 } }, 'paging.limit'],
  ['paging.limit 51', DISCOVERY, { platform: 'instagram', paging: { limit: 51, page: 0 } }, 'paging.limit'],
  ['paging.page -1', DISCOVERY, { platform: 'instagram', paging: { limit: 10, page: -1 } }, 'paging.page'],
  [
    'beyond the 10,000-result window',
    DISCOVERY,
    { platform: 'instagram', paging: { limit: 50, page: 200 } },
    'paging',
  ],
  [
    'unknown sort_by',
    DISCOVERY,
    { platform: 'instagram', paging, sort: { sort_by: 'likes' } },
    'sort.sort_by',
  ],
  [
    'unknown sort_order',
    DISCOVERY,
    { platform: 'instagram', paging, sort: { sort_order: 'up' } },
    'sort.sort_order',
  ],
  [
    'relevancy ascending',
    DISCOVERY,
    { platform: 'instagram', paging, sort: { sort_by: 'relevancy', sort_order: 'asc' } },
    'sort.sort_order',
  ],
  [
    'growth_rate on twitch',
    DISCOVERY,
    { platform: 'twitch', paging, sort: { sort_by: 'growth_rate' } },
    'sort.sort_by',
  ],
  [
    'number_of_followers sort on onlyfans',
    DISCOVERY,
    { platform: 'onlyfans', paging, sort: { sort_by: 'number_of_followers' } },
    'sort.sort_by',
  ],
  [
    'gender outside any|male|female',
    DISCOVERY,
    { platform: 'instagram', paging, filters: { gender: 'other' } },
    'gender',
  ],
  [
    'ai_search of 2 characters',
    DISCOVERY,
    { platform: 'instagram', paging, filters: { ai_search: 'ab' } },
    'ai_search',
  ],
  [
    'ai_search of 151 characters',
    DISCOVERY,
    { platform: 'instagram', paging, filters: { ai_search: 'a'.repeat(151) } },
    'ai_search',
  ],
  [
    'follower range with min > max',
    DISCOVERY,
    { platform: 'instagram', paging, filters: { number_of_followers: { min: 10, max: 5 } } },
    'number_of_followers',
  ],
  [
    'similar on twitter',
    SIMILAR,
    { platform: 'twitter', filter_key: 'username', filter_value: 'x', paging },
    'platform',
  ],
  [
    'unknown filter_key',
    SIMILAR,
    { platform: 'instagram', filter_key: 'email', filter_value: 'x', paging },
    'filter_key',
  ],
  [
    'missing filter_value',
    SIMILAR,
    { platform: 'instagram', filter_key: 'username', paging },
    'filter_value',
  ],
  ['overlap with one creator', OVERLAP, { platform: 'instagram', creators: ['a'] }, 'creators'],
  [
    'overlap with 11 creators',
    OVERLAP,
    { platform: 'instagram', creators: Array.from({ length: 11 }, (_, i) => `c${i}`) },
    'creators',
  ],
  ['overlap on twitter', OVERLAP, { platform: 'twitter', creators: ['a', 'b'] }, 'platform'],
  ['full with a made-up platform', FULL, { handle: 'a', platform: 'myspace' }, 'platform'],
  ['full without handle', FULL, { platform: 'instagram' }, 'handle'],
  [
    'full with email_required not_needed',
    FULL,
    { handle: 'a', platform: 'instagram', email_required: 'not_needed' },
    'email_required',
  ],
  ['raw without platform', RAW, { handle: 'a' }, 'platform'],
  ['socials with a made-up platform', SOCIALS, { handle: 'a', platform: 'reddit' }, 'platform'],
  ['email basic with a bad address', EMAIL, { email: 'not-an-email' }, 'email'],
  [
    'email advanced with a bad exclude',
    EMAIL_ADVANCED,
    { email: 'a@b.test', exclude_platforms: ['myspace'] },
    'exclude_platforms',
  ],
  ['posts on twitter', POSTS, { platform: 'twitter', handle: 'a' }, 'platform'],
  ['instagram posts count other than 12', POSTS, { platform: 'instagram', handle: 'a', count: 20 }, 'count'],
  ['tiktok posts count over 35', POSTS, { platform: 'tiktok', handle: 'a', count: 36 }, 'count'],
  ['youtube posts count over 50', POSTS, { platform: 'youtube', handle: 'a', count: 51 }, 'count'],
  [
    'posts with a foreign cursor',
    POSTS,
    { platform: 'tiktok', handle: 'a', pagination_token: 'garbage' },
    'pagination_token',
  ],
  [
    'details with unknown content_type',
    DETAILS,
    { platform: 'tiktok', post_id: '1', content_type: 'video' },
    'content_type',
  ],
  [
    'audio on youtube',
    DETAILS,
    { platform: 'youtube', post_id: 'abc', content_type: 'audio' },
    'content_type',
  ],
  [
    'details with a URL as post_id',
    DETAILS,
    { platform: 'tiktok', post_id: 'https://t.test/1', content_type: 'data' },
    'post_id',
  ],
];

describe('validation answers 422 {"error": [{field, error}]}', () => {
  it.each(rejected)('%s', async (_name, path, body, field) => {
    const res = await post(path, body);
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual(expect.arrayContaining([{ field, error: expect.any(String) }]));
    expect(api.ledger.used).toBe(0);
  });

  it('lists every problem of one request', async () => {
    const res = await post(DISCOVERY, {});
    expect(res.body.error?.map((item) => item.field).sort()).toEqual(['paging', 'platform']);
    expect(res.body.error?.[0]?.error).toBe('This field is required.');
  });
});

describe('accepted edge values', () => {
  it.each([
    [
      'the last page inside the window',
      DISCOVERY,
      { platform: 'instagram', paging: { limit: 50, page: 199 } },
    ],
    [
      'unknown filter keys (ignored)',
      DISCOVERY,
      { platform: 'youtube', paging, filters: { has_unicorns: true, foo: 1 } },
    ],
    ['filters: null', DISCOVERY, { platform: 'onlyfans', paging, filters: null }],
    [
      'growth_rate on tiktok',
      DISCOVERY,
      { platform: 'tiktok', paging, sort: { sort_by: 'growth_rate', sort_order: 'asc' } },
    ],
    [
      'full enrichment on linkedin (only the MCP forbids it)',
      FULL,
      { handle: 'someone', platform: 'linkedin' },
    ],
    ['raw enrichment on twitch', RAW, { handle: 'someone', platform: 'twitch' }],
    ['instagram posts with count 12', POSTS, { platform: 'instagram', handle: 'someone', count: 12 }],
    [
      'audio on tiktok',
      DETAILS,
      { platform: 'tiktok', post_id: '7633870659864644895', content_type: 'audio' },
    ],
  ])('%s', async (_name, path, body) => {
    expect((await post(path, body)).status).toBe(200);
  });

  it('ignores unknown filter keys: results equal the unfiltered ones', async () => {
    const plain = await post(DISCOVERY, { platform: 'instagram', paging });
    const unknown = await post(DISCOVERY, {
      platform: 'instagram',
      paging,
      filters: { favourite_colour: 'teal' },
    });
    expect(unknown.body).toEqual({ ...plain.body, credits_left: expect.any(String) });
  });
});
