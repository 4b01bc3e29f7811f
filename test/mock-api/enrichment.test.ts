import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_CREATORS, type MockApi, startMockApi } from '../../mock-api/server.ts';
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

// biome-ignore lint/suspicious/noExplicitAny: the double's payloads are deliberately irregular
type Json = any;

async function post(path: string, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await postJson(api, path, body);
  return { status: res.status, body: await res.json() };
}

const FULL = '/public/v1/creators/enrich/handle/full/';
const RAW = '/public/v1/creators/enrich/handle/raw/';

function full(handle: string, platform: string, extra: Record<string, unknown> = {}) {
  return post(FULL, { handle, platform, ...extra });
}

describe('full enrichment fixtures', () => {
  it('returns email, email_type and the platform block for the email fixture', async () => {
    const { username, email } = FIXTURE_CREATORS.withEmail;
    const { body } = await full(username, 'instagram');
    expect(body.credits_cost).toBe(1);
    expect(body.result).toMatchObject({ email, email_type: 'role_based_email' });
    expect(body.result.instagram).toMatchObject({
      username,
      exists: true,
      follower_count: 128_400,
      engagement_percent: 3.42,
    });
    expect(body.result.instagram.post_data.length).toBeGreaterThan(0);
  });

  it('accepts @handles and profile URLs for the same creator', async () => {
    const { username } = FIXTURE_CREATORS.withEmail;
    const byAt = await full(`@${username}`, 'instagram');
    const byUrl = await full(`https://www.instagram.com/${username}/`, 'instagram');
    expect(byAt.body.result.instagram.userid).toBe(FIXTURE_CREATORS.withEmail.userId);
    expect(byUrl.body.result.instagram.userid).toBe(FIXTURE_CREATORS.withEmail.userId);
  });

  it('honours include_audience_data on instagram/tiktok/youtube only', async () => {
    const without = await full('maya.moves', 'instagram', { include_audience_data: false });
    expect(without.body.result.instagram.audience).toBeUndefined();
    const withAudience = await full('maya.moves', 'instagram', { include_audience_data: true });
    const audience = withAudience.body.result.instagram.audience;
    expect(audience.audience_followers.success).toBe(true);
    expect(audience.audience_followers.data.audience_genders.map((g: Json) => g.code)).toEqual([
      'FEMALE',
      'MALE',
    ]);
    expect(audience.audience_commenters).toEqual({ success: false, error: 'empty_audience' });
    const twitch = await full('pixelpete_live', 'twitch', { include_audience_data: true });
    expect(twitch.body.result.twitch.audience).toBeUndefined();
    expect(api.ledger.used).toBe(3);
  });

  it('includes lookalikes only when asked', async () => {
    expect((await full('dani.dances', 'tiktok')).body.result.lookalikes).toBeUndefined();
    const asked = await full('dani.dances', 'tiktok', { include_lookalikes: true });
    expect(asked.body.result.lookalikes[0]).toMatchObject({
      username: expect.any(String),
      follower_count: expect.any(Number),
    });
  });

  it('serves a bio over 3,000 characters', async () => {
    const { body } = await full(FIXTURE_CREATORS.longBio.username, 'instagram');
    expect(body.result.instagram.biography.length).toBeGreaterThan(3000);
  });

  it('serves Slack mrkdwn control sequences verbatim', async () => {
    const { body } = await full(FIXTURE_CREATORS.slackMarkup.username, 'instagram');
    const bio: string = body.result.instagram.biography;
    for (const token of [
      '<!channel>',
      '<@U123>',
      '<https://evil.test|click>',
      '*bold*',
      '_it_',
      '~s~',
      '&amp;',
      '🎉',
    ]) {
      expect(bio).toContain(token);
    }
  });

  it('serves a sparse creator: no name, no engagement, no email', async () => {
    const { body } = await full(FIXTURE_CREATORS.sparse.username, 'tiktok');
    expect(body.result.email).toBeNull();
    expect(body.result.tiktok.full_name).toBeUndefined();
    expect(body.result.tiktok.engagement_percent).toBeUndefined();
    expect(body.result.tiktok.username).toBe('quiet.q');
  });

  it('serves YouTube counts as strings', async () => {
    const { body } = await full(FIXTURE_CREATORS.youtubeStrings.username, 'youtube');
    const block = body.result.youtube;
    expect(block.subscriber_count).toBe('1250000');
    expect(typeof block.post_data[0].engagement.view_count).toBe('string');
    expect(block.id).toBe(FIXTURE_CREATORS.youtubeStrings.userId);
  });

  it('finds a YouTube channel by its channel id', async () => {
    const { body } = await full(FIXTURE_CREATORS.youtubeStrings.userId, 'youtube');
    expect(body.result.youtube.custom_url).toBe('@theo.tinkers');
  });

  it('serves Twitch camelCase keys', async () => {
    const { body } = await full(FIXTURE_CREATORS.twitchStreamer.username, 'twitch');
    expect(body.result.twitch).toMatchObject({
      displayName: 'Pixel Pete',
      isPartner: true,
      profileImageURL: expect.stringContaining('https://'),
      total_followers: 86_500,
    });
    expect(body.result.twitch.follower_count).toBeUndefined();
  });

  it('serves TikTok creator_follower_growth', async () => {
    const { body } = await full(FIXTURE_CREATORS.tiktokGrowth.username, 'tiktok');
    expect(body.result.tiktok.creator_follower_growth).toEqual({
      '3_months_ago': 6.2,
      '6_months_ago': 14.9,
      '9_months_ago': 22.4,
      '12_months_ago': 31.5,
    });
  });

  it('fills creator_has, other_links and pointer blocks for a cross-platform creator', async () => {
    const { body } = await full(FIXTURE_CREATORS.crossPlatform.username, 'instagram');
    expect(body.result.creator_has).toEqual({ youtube: true, tiktok: true, twitter: true });
    expect(body.result.other_links).toHaveLength(3);
    expect(body.result.youtube).toMatchObject({ id: 'UCmockTrailTom0000000001', subscriber_count: '910000' });
  });

  it('gives any well-formed handle a deterministic synthetic creator', async () => {
    const first = await full('some_new_handle', 'tiktok');
    const again = await full('some_new_handle', 'tiktok');
    const other = await full('another_handle', 'tiktok');
    expect(first.body).toEqual(again.body);
    expect(first.body.result.tiktok.follower_count).toEqual(expect.any(Number));
    expect(first.body.result.tiktok.user_id).not.toBe(other.body.result.tiktok.user_id);
  });

  it('has no data for handles that cannot be handles', async () => {
    expect((await full('not a handle!', 'instagram')).status).toBe(404);
    expect(api.ledger.used).toBe(0);
  });
});

describe('raw enrichment', () => {
  it('wraps the block under result.<platform> with exists', async () => {
    const { body } = await post(RAW, { handle: 'dani.dances', platform: 'tiktok' });
    expect(body.credits_cost).toBe(0.03);
    expect(Object.keys(body.result)).toEqual(['tiktok']);
    expect(body.result.tiktok).toMatchObject({
      exists: true,
      user_id: '6800000000000000001',
      follower_count: 2_310_000,
    });
    expect(body.result.tiktok.audience).toBeUndefined();
  });

  it('covers twitch too', async () => {
    const { body } = await post(RAW, { handle: 'pixelpete_live', platform: 'twitch' });
    expect(body.result.twitch.exists).toBe(true);
  });
});

describe('email enrichment', () => {
  it('basic answers the strongest platform with camelCase userId', async () => {
    const { body } = await post('/public/v1/creators/enrich/email/', { email: 'TOM@trailtom.example.test ' });
    expect(body.credits_cost).toBe(0.05);
    expect(body.result).toMatchObject({
      platform: 'youtube',
      userId: 'UCmockTrailTom0000000001',
      username: 'trailtomoutdoors',
      fullname: 'Tom Brennan',
      followers: 910_000,
    });
  });

  it('advanced answers one block per platform, honouring exclude_platforms and min_followers', async () => {
    const { body } = await post('/public/v1/creators/enrich/email/advanced/', {
      email: 'tom@trailtom.example.test',
      exclude_platforms: ['tiktok'],
      min_followers: 100_000,
    });
    expect(body.credits_cost).toBe(2);
    expect(Object.keys(body.result)).toEqual(expect.arrayContaining(['instagram', 'youtube']));
    expect(body.result.tiktok).toBeUndefined();
    expect(body.result.twitter).toBeUndefined();
  });

  it('advanced has no data (and no charge) when every platform is filtered out', async () => {
    const res = await post('/public/v1/creators/enrich/email/advanced/', {
      email: 'tom@trailtom.example.test',
      min_followers: 100_000_000,
    });
    expect(res.status).toBe(404);
    expect(api.ledger.used).toBe(0);
  });
});

describe('connected socials', () => {
  it('lists the other platforms of a linked creator', async () => {
    const { body } = await post('/public/v1/creators/socials/', {
      handle: 'trail.tom',
      platform: 'instagram',
    });
    expect(body.credits_cost).toBe(0.5);
    expect(body.result.map((s: Json) => s.platform)).toEqual(['youtube', 'tiktok', 'twitter']);
    expect(body.result[0]).toMatchObject({
      username: 'trailtomoutdoors',
      followers: 910_000,
      url: expect.any(String),
    });
  });

  it('sees the same person from a linked platform', async () => {
    const { body } = await post('/public/v1/creators/socials/', { handle: 'trail.tom', platform: 'tiktok' });
    expect(body.result.map((s: Json) => s.platform).sort()).toEqual(['instagram', 'twitter', 'youtube']);
  });
});

describe('audience overlap', () => {
  it('uses fractions on instagram and 0-100 on tiktok/youtube, with consistent totals', async () => {
    const ig = await post('/public/v1/creators/audience/overlap/', {
      platform: 'instagram',
      creators: ['trail.tom', 'maya.moves'],
    });
    const tt = await post('/public/v1/creators/audience/overlap/', {
      platform: 'tiktok',
      creators: ['dani.dances', 'trail.tom'],
    });
    for (const detail of ig.body.details) {
      expect(detail.unique_percentage).toBeLessThanOrEqual(1);
      expect(detail.unique_percentage + detail.overlapping_percentage).toBeCloseTo(1, 3);
    }
    for (const detail of tt.body.details) {
      expect(detail.unique_percentage).toBeGreaterThan(1);
      expect(detail.unique_percentage + detail.overlapping_percentage).toBeCloseTo(100, 1);
    }
    const { basics, details } = tt.body;
    expect(basics.total_followers).toBe(2_310_000 + 455_000);
    const uniqueOnly = details.reduce(
      (sum: number, d: Json) => sum + Math.round((d.followers * d.unique_percentage) / 100),
      0,
    );
    expect(basics.total_unique_followers).toBeGreaterThanOrEqual(uniqueOnly - 2);
    expect(basics.total_unique_followers).toBeLessThanOrEqual(basics.total_followers);
    expect(tt.body).toMatchObject({ status: true, success: true });
  });
});
