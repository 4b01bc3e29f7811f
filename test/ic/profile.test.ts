import { describe, expect, it } from 'vitest';
import { profileUrlFor, toCreatorProfile, toCreatorSummary } from '../../src/ic/profile.ts';

/** Structures copied from the api-ref#enrich-full/api-ref#full-enrichment-blocks (live payload shapes), values invented. */

const instagramFull = {
  credits_cost: 1.0,
  result: {
    email: 'hello@example-creator.test',
    email_type: 'role_based_email',
    creator_has: { tiktok: true, has_youtube: true, linktree: true },
    instagram: {
      username: 'Example_Creator',
      userid: '5512345678',
      exists: true,
      full_name: 'Example Creator',
      biography: 'Home workouts · coaching',
      is_verified: false,
      media_count: 812,
      follower_count: 128400,
      following_count: 512,
      engagement_percent: 3.42,
      avg_likes: 4280.5,
      avg_comments: 110.2,
      links_in_bio: ['https://example-creator.test/shop'],
      profile_picture: 'https://cdn.example.test/p.jpg',
      profile_picture_hd: 'https://cdn.example.test/p_hd.jpg',
      reels: { avg_like_count: 5100.0, avg_view_count: 61000.0 },
      language_code: ['en'],
      category: 'Fitness',
    },
  },
};

const youtubeFull = {
  email: null,
  location: 'United States',
  speaking_language: 'en',
  ai_niches: [
    { niche: 'Entertainment', percentage: 80 },
    { niche: 'Challenges', percentage: 20 },
  ],
  youtube: {
    id: 'UCX6OQ3DkcsbYNE6H8uQQuVA',
    custom_url: '@MrBeast',
    title: 'MrBeast',
    description: 'SUBSCRIBE FOR A COOKIE',
    subscriber_count: '300000000',
    video_count: '800',
    avg_views: '120000000',
    avg_likes: '2000000',
    avg_comments: '50000',
    engagement_percent: '1.9',
    is_verified: true,
    link: 'https://www.youtube.com/@mrbeast',
    niche_class: ['Entertainment', 'Gaming'],
    country: 'US',
  },
  instagram: { username: 'mrbeast', follower_count: 60000000 },
};

const tiktokFull = {
  tiktok: {
    user_id: '6801234567890000000',
    username: 'khaby.lame',
    full_name: 'Khabane lame',
    follower_count: 162000000,
    engagement_percent: 0.474,
    play_count_avg: 20000000,
    comment_count_avg: 30000,
    creator_follower_growth: {
      '12_months_ago': -1.5,
      '3_months_ago': 0.4,
      '6_months_ago': '0.9',
      '9_months_ago': null,
    },
    niche_class: ['Comedy'],
    region: 'IT',
    video_count: 1200,
  },
};

const twitchFull = {
  twitch: {
    user_id: '641972806',
    username: 'kaicenat',
    displayName: 'KaiCenat',
    isPartner: true,
    total_followers: 14000000,
    avg_views: 50000,
    profileImageURL: 'https://cdn.example.test/t.png',
    social_media: {
      twitter: 'https://twitter.com/KaiCenat',
      instagram: 'kaicenat',
      youtube: { url: 'https://www.youtube.com/@KaiCenat' },
    },
  },
};

const twitterFull = {
  twitter: {
    userid: '44196397',
    username: 'elonmusk',
    full_name: 'Elon Musk',
    follower_count: 200000000,
    tweets_count: 50000,
    avg_views: '30000000',
    platforms: { youtube: ['@elonmusk'], instagram: [], tiktok: ['https://www.tiktok.com/@elonmusk'] },
    other_links: ['https://x.ai', 'not a link'],
  },
};

describe('toCreatorProfile', () => {
  it('reads an Instagram full-enrichment answer (whole envelope accepted)', () => {
    const p = toCreatorProfile(instagramFull, 'instagram');
    expect(p).toMatchObject({
      platform: 'instagram',
      handle: 'example_creator',
      name: 'Example Creator',
      userId: '5512345678',
      avatarUrl: 'https://cdn.example.test/p_hd.jpg',
      verified: false,
      bio: 'Home workouts · coaching',
      followers: 128400,
      following: 512,
      postsCount: 812,
      engagementPercent: 3.42,
      avgLikes: 4280.5,
      avgComments: 110.2,
      avgViews: 61000,
      language: 'en',
      email: 'hello@example-creator.test',
      profileUrl: 'https://www.instagram.com/example_creator/',
      links: ['https://example-creator.test/shop'],
      category: 'Fitness',
    });
    expect(p.otherPlatforms).toEqual([
      { platform: 'tiktok', handle: null, url: null },
      { platform: 'youtube', handle: null, url: null },
    ]);
  });

  it('reads YouTube counts sent as strings, the channel link, niches from both forms', () => {
    const p = toCreatorProfile(youtubeFull, 'youtube');
    expect(p).toMatchObject({
      handle: 'mrbeast',
      userId: 'UCX6OQ3DkcsbYNE6H8uQQuVA',
      name: 'MrBeast',
      bio: 'SUBSCRIBE FOR A COOKIE',
      followers: 300_000_000,
      postsCount: 800,
      avgViews: 120_000_000,
      avgLikes: 2_000_000,
      engagementPercent: 1.9,
      verified: true,
      location: 'United States',
      language: 'en',
      email: null,
      profileUrl: 'https://www.youtube.com/@mrbeast',
    });
    expect(p.niches).toEqual(['Entertainment', 'Challenges', 'Gaming']);
    expect(p.otherPlatforms).toEqual([
      { platform: 'instagram', handle: 'mrbeast', url: 'https://www.instagram.com/mrbeast/' },
    ]);
  });

  it('reads TikTok growth in month order and plays as views', () => {
    const p = toCreatorProfile(tiktokFull, 'tiktok');
    expect(p.growth).toEqual([
      { label: '3 months', percent: 0.4 },
      { label: '6 months', percent: 0.9 },
      { label: '12 months', percent: -1.5 },
    ]);
    expect(p).toMatchObject({
      followers: 162_000_000,
      avgViews: 20_000_000,
      avgComments: 30000,
      location: 'IT',
      niches: ['Comedy'],
      profileUrl: 'https://www.tiktok.com/@khaby.lame',
    });
  });

  it('reads Twitch camelCase and its social_media links', () => {
    const p = toCreatorProfile(twitchFull, 'twitch');
    expect(p).toMatchObject({
      handle: 'kaicenat',
      name: 'KaiCenat',
      verified: true,
      followers: 14_000_000,
      avatarUrl: 'https://cdn.example.test/t.png',
      avgViews: 50000,
      profileUrl: 'https://www.twitch.tv/kaicenat',
    });
    expect(p.otherPlatforms).toEqual([
      { platform: 'twitter', handle: 'kaicenat', url: 'https://twitter.com/KaiCenat' },
      { platform: 'instagram', handle: 'kaicenat', url: 'https://www.instagram.com/kaicenat/' },
      { platform: 'youtube', handle: 'kaicenat', url: 'https://www.youtube.com/@KaiCenat' },
    ]);
  });

  it('reads Twitter `platforms` and keeps only real links', () => {
    const p = toCreatorProfile(twitterFull, 'twitter');
    expect(p.otherPlatforms).toEqual([
      { platform: 'youtube', handle: 'elonmusk', url: 'https://www.youtube.com/@elonmusk' },
      { platform: 'tiktok', handle: 'elonmusk', url: 'https://www.tiktok.com/@elonmusk' },
    ]);
    expect(p.links).toEqual(['https://x.ai']);
    expect(p.postsCount).toBe(50000);
    expect(p.avgViews).toBe(30_000_000);
  });

  it('reads a raw-enrichment result (platform block at result.<platform>)', () => {
    const p = toCreatorProfile(
      {
        tiktok: {
          user_id: '1',
          exists: true,
          username: 'example_creator',
          follower_count: 310000,
          following_count: 120,
          video_count: 420,
        },
      },
      'tiktok',
    );
    expect(p).toMatchObject({
      handle: 'example_creator',
      followers: 310000,
      following: 120,
      postsCount: 420,
    });
    expect(p.engagementPercent).toBeNull();
  });

  it('never throws; unknown means null', () => {
    for (const input of [null, undefined, 'x', 42, [], {}, { result: null }, { instagram: 'weird' }]) {
      const p = toCreatorProfile(input, 'instagram');
      expect(p.platform).toBe('instagram');
      expect(p.followers).toBeNull();
      expect(p.handle).toBeNull();
      expect(p.profileUrl).toBeNull();
      expect(p.niches).toEqual([]);
      expect(p.otherPlatforms).toEqual([]);
    }
  });
});

describe('toCreatorSummary', () => {
  it('reads a discovery account', () => {
    expect(
      toCreatorSummary(
        {
          user_id: '5512345678',
          profile: {
            username: 'Example_Creator',
            full_name: 'Example Creator',
            picture: 'https://p',
            followers: 128400,
            engagement_percent: 3.42,
          },
        },
        'instagram',
      ),
    ).toEqual({
      platform: 'instagram',
      userId: '5512345678',
      handle: 'example_creator',
      name: 'Example Creator',
      avatarUrl: 'https://p',
      followers: 128400,
      engagementPercent: 3.42,
      url: 'https://www.instagram.com/example_creator/',
      verified: null,
    });
  });

  it('reads a socials item (its own platform wins over the argument)', () => {
    expect(
      toCreatorSummary(
        {
          platform: 'youtube',
          user_id: 'UCabc',
          url: 'https://www.youtube.com/@x',
          username: 'x',
          fullname: 'X',
          followers: '45200',
        },
        'instagram',
      ),
    ).toMatchObject({
      platform: 'youtube',
      userId: 'UCabc',
      handle: 'x',
      name: 'X',
      followers: 45200,
      url: 'https://www.youtube.com/@x',
    });
  });

  it('reads an email-basic result (camelCase userId)', () => {
    expect(
      toCreatorSummary({
        platform: 'instagram',
        userId: '55',
        username: 'ex',
        fullname: 'Ex',
        picture: 'https://p',
        followers: 1,
      }),
    ).toMatchObject({ platform: 'instagram', userId: '55', handle: 'ex', avatarUrl: 'https://p' });
  });

  it('reads an overlap user', () => {
    expect(
      toCreatorSummary(
        {
          user_id: '1',
          username: 'a',
          followers: 10,
          fullname: 'A',
          url: 'https://www.instagram.com/a',
          is_verified: true,
        },
        'instagram',
      ),
    ).toMatchObject({ verified: true, name: 'A', url: 'https://www.instagram.com/a' });
  });

  it('never throws on junk', () => {
    expect(toCreatorSummary(null)).toEqual({
      platform: null,
      userId: null,
      handle: null,
      name: null,
      avatarUrl: null,
      followers: null,
      engagementPercent: null,
      url: null,
      verified: null,
    });
  });
});

describe('profileUrlFor', () => {
  it('builds each platform profile link; Discord has none', () => {
    expect(profileUrlFor('instagram', '@nike')).toBe('https://www.instagram.com/nike/');
    expect(profileUrlFor('tiktok', 'khaby.lame')).toBe('https://www.tiktok.com/@khaby.lame');
    expect(profileUrlFor('youtube', 'mrbeast')).toBe('https://www.youtube.com/@mrbeast');
    expect(profileUrlFor('youtube', 'UCX6OQ3DkcsbYNE6H8uQQuVA')).toBe(
      'https://www.youtube.com/channel/UCX6OQ3DkcsbYNE6H8uQQuVA',
    );
    expect(profileUrlFor('twitter', 'jack')).toBe('https://x.com/jack');
    expect(profileUrlFor('twitch', 'kaicenat')).toBe('https://www.twitch.tv/kaicenat');
    expect(profileUrlFor('onlyfans', 'x')).toBe('https://onlyfans.com/x');
    expect(profileUrlFor('snapchat', 'x')).toBe('https://www.snapchat.com/add/x');
    expect(profileUrlFor('pinterest', 'x')).toBe('https://www.pinterest.com/x/');
    expect(profileUrlFor('facebook', 'x')).toBe('https://www.facebook.com/x');
    expect(profileUrlFor('linkedin', 'jörg')).toBe('https://www.linkedin.com/in/j%C3%B6rg');
    expect(profileUrlFor('discord', 'x')).toBeNull();
    expect(profileUrlFor('instagram', '  ')).toBeNull();
  });
});
