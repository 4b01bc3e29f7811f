import type { LinkedAccount, MockCreator } from './creators.ts';
import { linkedView, syntheticCreator } from './creators.ts';
import { AUDIENCE_PLATFORMS, type Platform, profileUrl } from './platforms.ts';
import { SeededRandom } from './seeded.ts';
import { COUNTRIES, LANGUAGE_NAME, NICHE_BY_NAME, NICHES } from './vocabulary.ts';

/**
 * Renders a MockCreator into the result shapes of the enrichment endpoints: full (api-ref#enrich-full, keys per api-ref#full-enrichment-blocks),
 * raw (api-ref#enrich-raw), email basic (api-ref#email-basic), email advanced (api-ref#email-advanced, assumed full envelope) and socials (api-ref#socials).
 * Structure copies the live payloads; values are invented and deterministic.
 */

/** Recent-post dates are anchored here so output does not depend on the clock. */
export const ANCHOR_EPOCH = 1_777_400_000; // 2026-04-28

export function pictureUrl(platform: Platform, username: string, hd = false): string {
  // Signed CDN links that expire (api-ref#responses); the Expires value is fixed so output stays deterministic.
  return `https://cdn.example.test/${platform}/${encodeURIComponent(username)}${hd ? '_hd' : ''}.jpg?Expires=1900000000&Signature=mock`;
}

function dateOnly(epochSec: number): string {
  return new Date(epochSec * 1000).toISOString().slice(0, 10);
}

function isoSeconds(epochSec: number): string {
  return new Date(epochSec * 1000).toISOString().slice(0, 19);
}

function countryCode(location: string | undefined): string | undefined {
  return COUNTRIES.find((country) => country.name === location)?.code;
}

function averages(creator: MockCreator) {
  const engagement = creator.engagementPercent ?? 0;
  const interactions = (creator.followers * engagement) / 100;
  return {
    likes: Math.round(interactions * 0.96 * 10) / 10,
    comments: Math.round(interactions * 0.04 * 10) / 10,
    views: Math.round(creator.followers * 0.35),
  };
}

function blockRandom(creator: MockCreator, salt: string): SeededRandom {
  return new SeededRandom(`${creator.platform}:${creator.username.toLowerCase()}:${salt}`);
}

function nicheHashtags(creator: MockCreator): string[] {
  const words = NICHE_BY_NAME.get(creator.niche)?.words ?? [];
  return words.slice(0, 3).map((word) => `${word}${creator.niche === word ? 'life' : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Posts inside platform blocks (post_data[], api-ref#full-enrichment-blocks)

function instagramPosts(creator: MockCreator, count: number) {
  const rng = blockRandom(creator, 'post_data');
  const avg = averages(creator);
  return Array.from({ length: count }, (_, i) => {
    const postId = rng.digits(19);
    const video = rng.chance(0.5);
    const createdAt = ANCHOR_EPOCH - i * 86_400 * rng.int(1, 4);
    return {
      post_id: postId,
      created_at: isoSeconds(createdAt),
      caption: `${NICHE_BY_NAME.get(creator.niche)?.bios[0] ?? 'New post'} #${nicheHashtags(creator)[0] ?? 'life'}`,
      hashtags: nicheHashtags(creator).slice(0, 1),
      post_url: `https://www.instagram.com/p/${rng.hex(11)}/`,
      media: [
        {
          media_id: rng.digits(19),
          type: video ? 'video' : 'image',
          url: `https://cdn.example.test/m/${postId}.jpg`,
        },
      ],
      is_carousel: false,
      tagged_users: [],
      media_type: video ? 2 : 1,
      product_type: video ? 'clips' : 'feed',
      engagement: video
        ? {
            likes: Math.round(avg.likes * rng.float(0.5, 1.5)),
            comments: Math.round(avg.comments),
            view_count: avg.views,
          }
        : { likes: Math.round(avg.likes * rng.float(0.5, 1.5)), comments: Math.round(avg.comments) },
    };
  });
}

function tiktokPosts(creator: MockCreator, count: number) {
  const rng = blockRandom(creator, 'post_data');
  const avg = averages(creator);
  return Array.from({ length: count }, (_, i) => {
    const postId = rng.digits(19);
    return {
      post_id: postId,
      created_at: isoSeconds(ANCHOR_EPOCH - i * 86_400),
      caption: `POV: ${creator.niche} day ${i + 1} #${creator.niche}`,
      hashtags: [creator.niche],
      post_url: `https://www.tiktok.com/@${creator.username}/video/${postId}`,
      media: {
        media_id: postId,
        type: 'video',
        url: `https://cdn.example.test/v/${postId}.mp4`,
        video_duration: rng.int(8, 90),
      },
      mentions: [],
      engagement: {
        like_count: Math.round(avg.likes * rng.float(0.4, 1.8)),
        comment_count: Math.round(avg.comments),
        view_count: Math.round(avg.views * rng.float(0.5, 3)),
        share_count: rng.int(0, 5000),
        download_count: rng.int(0, 800),
      },
      sound: {
        sound_name: `original sound - ${creator.username}`,
        sound_url: `https://cdn.example.test/s/${postId}.mp3`,
      },
    };
  });
}

function youtubePosts(creator: MockCreator, count: number) {
  const rng = blockRandom(creator, 'post_data');
  const avg = averages(creator);
  return Array.from({ length: count }, (_, i) => {
    const videoId = rng.hex(11);
    return {
      video_id: videoId,
      title: `${creator.fullName ?? creator.username}: ${creator.niche} video ${i + 1}`,
      description: 'Links and chapters below.',
      published_at: `${isoSeconds(ANCHOR_EPOCH - i * 3 * 86_400)}Z`,
      category_id: '28',
      default_language: creator.language ?? 'en',
      default_audio_language: creator.language ?? 'en',
      // YouTube passes its counters through as strings (api-ref#responses, api-ref#full-enrichment-blocks).
      engagement: {
        view_count: String(Math.round(avg.views * rng.float(0.5, 2))),
        like_count: String(Math.round(avg.likes)),
        comment_count: String(Math.round(avg.comments)),
        favorite_count: '0',
      },
      media: {
        thumbnails: {
          default: `https://i.example.test/vi/${videoId}/default.jpg`,
          medium: `https://i.example.test/vi/${videoId}/mqdefault.jpg`,
          high: `https://i.example.test/vi/${videoId}/hqdefault.jpg`,
        },
        duration: `PT${rng.int(3, 25)}M${rng.int(0, 59)}S`,
        definition: 'hd',
        embed_html: `<iframe src="https://www.youtube.com/embed/${videoId}"></iframe>`,
      },
      post_url: `https://www.youtube.com/watch?v=${videoId}`,
      topic_categories: [`https://en.wikipedia.org/wiki/${creator.niche}`],
    };
  });
}

function tweets(creator: MockCreator, count: number) {
  const rng = blockRandom(creator, 'post_data');
  const avg = averages(creator);
  return Array.from({ length: count }, (_, i) => {
    const tweetId = rng.digits(19);
    return {
      tweet_id: tweetId,
      created_at: new Date((ANCHOR_EPOCH - i * 43_200) * 1000).toUTCString(),
      text: `Thread ${i + 1} on ${creator.niche} 🧵`,
      lang: creator.language ?? 'en',
      engagement: {
        like_count: Math.round(avg.likes),
        retweet_count: rng.int(0, 400),
        reply_count: Math.round(avg.comments),
        quote_count: rng.int(0, 40),
        view_count: avg.views,
      },
      media: [],
      tweet_url: `https://x.com/${creator.username}/status/${tweetId}`,
      hashtags: [],
      mentions: [],
      is_pinned: i === 0,
    };
  });
}

function twitchStreams(creator: MockCreator, count: number) {
  const rng = blockRandom(creator, 'post_data');
  // GraphQL-shaped, like the live Twitch payload (api-ref#full-enrichment-blocks).
  return Array.from({ length: count }, (_, i) => ({
    node: {
      id: rng.digits(11),
      title: `Chill ${creator.niche} stream #${i + 1}`,
      viewCount: rng.int(100, 20_000),
      lengthSeconds: rng.int(3600, 4 * 3600),
      createdAt: `${isoSeconds(ANCHOR_EPOCH - i * 2 * 86_400)}Z`,
      game: { name: 'Starfall Arena' },
    },
  }));
}

// ---------------------------------------------------------------------------------------------
// Audience (api-ref#enrich-full / api-ref#full-enrichment-blocks): IG, TT, YT only

function audienceBlock(creator: MockCreator) {
  if (creator.sparse) {
    return {
      audience_followers: { success: false, error: 'empty_audience' },
      audience_commenters: { success: false, error: 'empty_audience' },
      audience_likers: { success: false, error: 'empty_audience' },
    };
  }
  const rng = blockRandom(creator, 'audience');
  const female = creator.gender === 'female' ? rng.float(0.55, 0.8, 4) : rng.float(0.2, 0.45, 4);
  const home = COUNTRIES.find((country) => country.name === creator.location) ?? COUNTRIES[0]!;
  const homeWeight = rng.float(0.35, 0.7, 4);
  const languageName = LANGUAGE_NAME.get(creator.language ?? 'en') ?? 'English';
  const niche = NICHE_BY_NAME.get(creator.niche) ?? NICHES[0]!;
  const credibility = rng.float(0.6, 0.95, 4);
  return {
    audience_followers: {
      success: true,
      is_hidden: false,
      data: {
        audience_credibility: credibility,
        credibility_class: credibility > 0.85 ? 'good' : credibility > 0.7 ? 'normal' : 'bad',
        notable_users_ratio: rng.float(0.01, 0.08, 4),
        audience_genders: [
          { code: 'FEMALE', weight: female },
          { code: 'MALE', weight: Math.round((1 - female) * 10_000) / 10_000 },
        ],
        audience_ages: [
          { code: '13-17', weight: 0.06 },
          { code: '18-24', weight: 0.31 },
          { code: '25-34', weight: 0.39 },
          { code: '35-44', weight: 0.16 },
          { code: '45-64', weight: 0.07 },
          { code: '65-', weight: 0.01 },
        ],
        audience_genders_per_age: [{ code: '25-34', male: 0.15, female: 0.24 }],
        audience_geo: {
          countries: [
            { id: 100_000 + COUNTRIES.indexOf(home), name: home.name, code: home.code, weight: homeWeight },
            {
              id: 100_000,
              name: 'United States',
              code: 'US',
              weight: Math.round((1 - homeWeight) * 5000) / 10_000,
            },
          ],
          states: [],
          subdivisions: [],
          cities: home.cities
            .slice(0, 1)
            .map((city, i) => ({ id: 200_000 + i, name: city, country: home.code, weight: 0.12 })),
        },
        audience_languages: [
          { code: creator.language ?? 'en', name: languageName, weight: rng.float(0.5, 0.9, 4) },
        ],
        audience_ethnicities: [{ code: 'mixed', name: 'Mixed', weight: 1 }],
        audience_interests: niche.words.slice(0, 3).map((word, i) => ({
          id: 1700 + i,
          name: word[0]!.toUpperCase() + word.slice(1),
          weight: rng.float(0.1, 0.4, 4),
          affinity: rng.float(1, 3, 2),
        })),
        audience_brand_affinity: [
          {
            id: 956,
            name: 'Northwind Athletics',
            interest: [{ id: 1, name: 'Clothes' }],
            weight: 0.11,
            affinity: 2.4,
          },
        ],
        audience_types: [
          { code: 'real', weight: 0.7 },
          { code: 'suspicious', weight: 0.12 },
          { code: 'influencers', weight: 0.03 },
          { code: 'mass_followers', weight: 0.15 },
        ],
        audience_reachability: [
          { code: '-500', weight: 0.66 },
          { code: '500-1000', weight: 0.14 },
          { code: '1000-1500', weight: 0.06 },
          { code: '1500-', weight: 0.14 },
        ],
        audience_lookalikes: [],
        notable_users: [],
      },
    },
    audience_commenters: { success: false, error: 'empty_audience' },
    audience_likers: { success: true, data: { audience_credibility: Math.min(0.99, credibility + 0.05) } },
    audience_credibility_followers_histogram: [{ max: 0.54, total: Math.round(creator.followers * 0.07) }],
    audience_credibility_likers_histogram: [{ max: 0.81, total: Math.round(creator.followers * 0.06) }],
  };
}

// ---------------------------------------------------------------------------------------------
// Platform blocks

const ID_KEY: Record<Platform, string> = {
  instagram: 'userid',
  twitter: 'userid',
  tiktok: 'user_id',
  twitch: 'user_id',
  youtube: 'id',
  onlyfans: 'user_id',
  snapchat: 'userid',
  discord: 'userid',
  pinterest: 'userid',
  facebook: 'userid',
  linkedin: 'id',
};

/** The identity keys only: what a sparse creator has, and what other platforms' pointer blocks carry. */
function identityBlock(platform: Platform, account: { username: string; userId: string; followers: number }) {
  switch (platform) {
    case 'youtube':
      return {
        id: account.userId,
        custom_url: `@${account.username}`,
        subscriber_count: String(account.followers),
        exists: true,
      };
    case 'twitch':
      return { user_id: account.userId, username: account.username, total_followers: account.followers };
    case 'linkedin':
      return { id: account.userId, username: account.username, followers: account.followers };
    default:
      return {
        [ID_KEY[platform]]: account.userId,
        username: account.username,
        follower_count: account.followers,
        exists: true,
      };
  }
}

function instagramBlock(creator: MockCreator, audience: boolean) {
  const rng = blockRandom(creator, 'instagram');
  const avg = averages(creator);
  const tags = nicheHashtags(creator);
  const block: Record<string, unknown> = {
    username: creator.username,
    userid: creator.userId,
    exists: true,
    account_type: 3,
    full_name: creator.fullName,
    biography: creator.biography,
    is_private: false,
    is_business_account: rng.chance(0.3),
    is_verified: creator.isVerified,
    media_count: rng.int(40, 3000),
    follower_count: creator.followers,
    following_count: creator.following ?? rng.int(50, 1500),
    engagement_percent: creator.engagementPercent,
    avg_likes: avg.likes,
    avg_comments: avg.comments,
    likes_median: Math.round(avg.likes * 0.9),
    comments_median: Math.round(avg.comments * 0.8),
    most_recent_post_date: dateOnly(ANCHOR_EPOCH),
    reels_percentage_last_12_posts: rng.float(0, 100, 2),
    video_content_creator: true,
    uses_link_in_bio: (creator.linksInBio?.length ?? 0) > 0,
    links_in_bio: creator.linksInBio ?? [],
    has_merch: false,
    promotes_affiliate_links: rng.chance(0.4),
    streamer: false,
    has_profile_pic: true,
    profile_picture: pictureUrl('instagram', creator.username),
    profile_picture_hd: pictureUrl('instagram', creator.username, true),
    reels: {
      avg_like_count: Math.round(avg.likes * 1.2),
      avg_view_count: avg.views,
      comments_count: [Math.round(avg.comments)],
      median_like_count: Math.round(avg.likes * 1.1),
      median_view_count: Math.round(avg.views * 0.85),
    },
    hashtags: tags,
    hashtags_count: tags.map((name, i) => ({ name, count: 6 - i })),
    tagged: [{ username: 'northwind.athletics', userid: '1234000001' }],
    language_code: creator.language === undefined ? [] : [creator.language],
    locations: [],
    post_data: instagramPosts(creator, 6),
  };
  if (audience) block.audience = audienceBlock(creator);
  return block;
}

function followerGrowth(creator: MockCreator) {
  const year = creator.growthPercent;
  return {
    '3_months_ago': Math.round(year * 25) / 100,
    '6_months_ago': Math.round(year * 50) / 100,
    '9_months_ago': Math.round(year * 75) / 100,
    '12_months_ago': year,
  };
}

function tiktokBlock(creator: MockCreator, audience: boolean) {
  const rng = blockRandom(creator, 'tiktok');
  const avg = averages(creator);
  const block: Record<string, unknown> = {
    user_id: creator.userId,
    sec_user_id: `MS4wLjABAAAA${rng.hex(24)}`,
    username: creator.username,
    exists: true,
    full_name: creator.fullName,
    biography: creator.biography,
    follower_count: creator.followers,
    following_count: creator.following ?? rng.int(10, 900),
    video_count: rng.int(30, 1500),
    total_likes: Math.round(avg.likes * 400),
    total_shares: rng.int(1000, 500_000),
    total_saves: rng.int(1000, 500_000),
    engagement_percent: creator.engagementPercent,
    avg_likes: avg.likes,
    comment_count_avg: avg.comments,
    play_count_avg: avg.views * 2,
    play_count_median: Math.round(avg.views * 1.6),
    likes_median: Math.round(avg.likes * 0.9),
    comments_median: Math.round(avg.comments * 0.8),
    shares_median: rng.int(10, 4000),
    saves_median: rng.int(10, 4000),
    duration_avg: rng.int(10, 60),
    creator_follower_growth: followerGrowth(creator),
    niche_class: [creator.niche],
    niche_sub_class: [`${creator.niche} tips`],
    brands_found: [],
    region: countryCode(creator.location) ?? 'US',
    is_verified: creator.isVerified,
    is_private: false,
    is_ad: false,
    is_commerce: rng.chance(0.3),
    tt_seller: false,
    has_paid_partnership: rng.chance(0.2),
    duet_setting: 0,
    language_code: creator.language === undefined ? [] : [creator.language],
    links_in_bio: creator.linksInBio ?? [],
    most_recent_post_date: dateOnly(ANCHOR_EPOCH),
    posting_frequency: rng.float(0.5, 14, 1),
    profile_picture: pictureUrl('tiktok', creator.username),
    profile_picture_hd: pictureUrl('tiktok', creator.username, true),
    saves_count_list: [rng.int(10, 900)],
    post_data: tiktokPosts(creator, 6),
  };
  if (audience) block.audience = audienceBlock(creator);
  return block;
}

function youtubeBlock(creator: MockCreator, audience: boolean) {
  const rng = blockRandom(creator, 'youtube');
  const avg = averages(creator);
  const block: Record<string, unknown> = {
    id: creator.userId,
    exists: true,
    custom_url: `@${creator.username}`,
    title: creator.fullName,
    description: creator.biography,
    link: `https://www.youtube.com/channel/${creator.userId}`,
    // YouTube passes its counters through as strings (api-ref#responses): clients must not assume numbers.
    subscriber_count: String(creator.followers),
    view_count: String(creator.followers * rng.int(40, 300)),
    video_count: String(rng.int(20, 900)),
    engagement_percent: creator.engagementPercent,
    avg_views: avg.views,
    avg_likes: avg.likes,
    avg_comments: avg.comments,
    country: countryCode(creator.location),
    is_verified: creator.isVerified,
    income: {
      min: Math.round(creator.followers * 0.002),
      max: Math.round(creator.followers * 0.01),
      currency: 'USD',
    },
    posts_per_month: { '2026': { april: rng.int(1, 20), march: rng.int(1, 20) } },
    niche_class: [creator.niche],
    niche_sub_class: [`${creator.niche} reviews`],
    has_shorts: true,
    shorts_percentage: rng.float(0, 80, 2),
    published_at: '2017-03-14T09:00:00Z',
    privacy_status: 'public',
    made_for_kids: false,
    keywords: NICHE_BY_NAME.get(creator.niche)?.words.slice(0, 4) ?? [],
    language_code: creator.language === undefined ? [] : [creator.language],
    speaking_language: creator.language,
    most_recent_post_date: dateOnly(ANCHOR_EPOCH),
    profile_picture: pictureUrl('youtube', creator.username),
    profile_picture_hd: pictureUrl('youtube', creator.username, true),
    post_data: youtubePosts(creator, 6),
  };
  if (audience) block.audience = audienceBlock(creator);
  return block;
}

function twitterBlock(creator: MockCreator) {
  const rng = blockRandom(creator, 'twitter');
  const avg = averages(creator);
  const platforms: Record<string, string[]> = {};
  for (const account of creator.linked) platforms[account.platform] = [account.username];
  return {
    userid: creator.userId,
    username: creator.username,
    exists: true,
    full_name: creator.fullName,
    biography: creator.biography,
    follower_count: creator.followers,
    following_count: creator.following ?? rng.int(50, 3000),
    tweets_count: rng.int(500, 40_000),
    media_count: rng.int(10, 3000),
    creator_favorite_count: rng.int(100, 90_000),
    join_date: 'Tue Mar 10 14:00:00 +0000 2015',
    is_verified: creator.isVerified,
    engagement_percent: creator.engagementPercent,
    avg_likes: avg.likes,
    avg_reply: avg.comments,
    avg_retweet: Math.round(avg.likes * 0.1),
    avg_quotes: Math.round(avg.likes * 0.01),
    avg_views: avg.views,
    tweets_type: { ordinary: 60, retweeted: 20, conversation: 15, quoted: 5 },
    language_code: creator.language === undefined ? [] : [creator.language],
    links_in_bio: creator.linksInBio ?? [],
    other_links: creator.otherLinks ?? [],
    platforms,
    direct_messaging: false,
    subscriber_button: false,
    profile_picture: pictureUrl('twitter', creator.username),
    profile_picture_hd: pictureUrl('twitter', creator.username, true),
    most_recent_post_date: dateOnly(ANCHOR_EPOCH),
    post_data: tweets(creator, 5),
  };
}

function twitchBlock(creator: MockCreator) {
  const rng = blockRandom(creator, 'twitch');
  const socials: Record<string, string> = { twitch: profileUrl('twitch', creator.username) };
  for (const account of creator.linked) {
    if (['twitter', 'instagram', 'youtube'].includes(account.platform)) {
      socials[account.platform] = profileUrl(account.platform, account.username);
    }
  }
  // Twitch blocks use camelCase and `total_followers` (api-ref#responses, api-ref#full-enrichment-blocks).
  return {
    user_id: creator.userId,
    username: creator.username,
    displayName: creator.fullName ?? creator.username,
    isPartner: creator.followers > 50_000,
    profileImageURL: pictureUrl('twitch', creator.username),
    profile_picture_hd: pictureUrl('twitch', creator.username, true),
    total_followers: creator.followers,
    avg_views: Math.round(creator.followers * 0.02),
    streamed_hours_last_30_days: rng.int(10, 200),
    streams_count_last_30_days: rng.int(3, 30),
    last_broadcast_game: 'Starfall Arena',
    last_broadcast_id: rng.digits(11),
    last_streamed: `${isoSeconds(ANCHOR_EPOCH)}Z`,
    language_code: creator.language ?? 'en',
    has_merch: rng.chance(0.3),
    has_paid_partnership: false,
    promotes_affiliate_links: false,
    links_in_bio: creator.linksInBio ?? [],
    other_links: creator.otherLinks ?? [],
    social_media: socials,
    panels_titles: ['About me', 'Schedule'],
    panels_descriptions: [creator.biography ?? '', 'Mon/Wed/Sun 7pm CET'],
    post_data: twitchStreams(creator, 4),
  };
}

function linkedinBlock(creator: MockCreator) {
  const [first, ...rest] = (creator.fullName ?? creator.username).split(' ');
  return {
    id: creator.userId,
    username: creator.username,
    first_name: first,
    last_name: rest.join(' '),
    followers: creator.followers,
    connection: 500,
    is_creator: true,
    is_premium: false,
    headline: creator.biography,
    summary: creator.biography,
    profile_picture: pictureUrl('linkedin', creator.username),
    geo: { country: creator.location, city: COUNTRIES.find((c) => c.name === creator.location)?.cities[0] },
    position: { title: 'Data Analyst', company: 'Example Analytics Ltd' },
    full_positions: [],
    skills: ['Analytics', 'SQL', 'Public speaking'],
  };
}

/** OnlyFans, Snapchat, Discord, Pinterest, Facebook: no live capture exists; a generic block. */
function genericBlock(creator: MockCreator) {
  const avg = averages(creator);
  return {
    [ID_KEY[creator.platform]]: creator.userId,
    username: creator.username,
    exists: true,
    full_name: creator.fullName,
    biography: creator.biography,
    follower_count: creator.followers,
    engagement_percent: creator.engagementPercent,
    avg_likes: avg.likes,
    is_verified: creator.isVerified,
    links_in_bio: creator.linksInBio ?? [],
    profile_picture: pictureUrl(creator.platform, creator.username),
    post_data: [],
  };
}

function dropUndefined(block: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(block)) if (block[key] === undefined) delete block[key];
  return block;
}

export function platformBlock(creator: MockCreator, options: { audience: boolean }): Record<string, unknown> {
  const audience = options.audience && AUDIENCE_PLATFORMS.includes(creator.platform);
  if (creator.sparse) {
    const block: Record<string, unknown> = { ...identityBlock(creator.platform, creator), post_data: [] };
    if (audience) block.audience = audienceBlock(creator);
    return block;
  }
  let block: Record<string, unknown>;
  switch (creator.platform) {
    case 'instagram':
      block = instagramBlock(creator, audience);
      break;
    case 'tiktok':
      block = tiktokBlock(creator, audience);
      break;
    case 'youtube':
      block = youtubeBlock(creator, audience);
      break;
    case 'twitter':
      block = twitterBlock(creator);
      break;
    case 'twitch':
      block = twitchBlock(creator);
      break;
    case 'linkedin':
      block = linkedinBlock(creator);
      break;
    default:
      block = genericBlock(creator);
  }
  return dropUndefined({ ...block, ...creator.blockOverrides });
}

// ---------------------------------------------------------------------------------------------
// Endpoint results

export interface FullOptions {
  includeAudience: boolean;
  includeLookalikes: boolean;
}

function lookalikes(creator: MockCreator) {
  const rng = blockRandom(creator, 'lookalikes');
  return Array.from({ length: 5 }, (_, i) => {
    const username = `${creator.niche}_lookalike_${rng.int(1, 99_999)}_${i}`;
    const other = syntheticCreator(creator.platform, username);
    return {
      username,
      profile_url: profileUrl(creator.platform, username),
      engagement_percent: other.engagementPercent,
      follower_count: other.followers,
    };
  });
}

/** `result` of full enrichment (api-ref#enrich-full): creator-level keys, the platform block, pointers to linked platforms. */
export function fullResult(creator: MockCreator, options: FullOptions): Record<string, unknown> {
  const result: Record<string, unknown> = {
    email: creator.email ?? null,
    email_type: creator.emailType ?? null,
  };
  if (!creator.sparse) {
    const rng = blockRandom(creator, 'creator');
    const creatorHas: Record<string, boolean> = {};
    for (const account of creator.linked) creatorHas[account.platform] = true;
    Object.assign(result, {
      first_name: creator.fullName?.split(' ')[0],
      gender: creator.gender,
      location: creator.location,
      speaking_language: creator.language,
      is_business: false,
      is_creator: true,
      has_brand_deals: rng.chance(0.4),
      has_link_in_bio: (creator.linksInBio?.length ?? 0) > 0,
      creator_has: creatorHas,
      links_in_bio: creator.linksInBio ?? [],
      other_links: creator.otherLinks ?? [],
      ai_niches: [{ niche: creator.niche, percentage: rng.float(55, 95, 1) }],
      ai_subniches: [{ subniche: `${creator.niche} tips`, percentage: rng.float(20, 60, 1) }],
      ai_brand_collaborations: [{ brand: 'Northwind Athletics', percentage: rng.float(1, 20, 1) }],
    });
    if (options.includeLookalikes) result.lookalikes = lookalikes(creator);
  }
  result[creator.platform] = platformBlock(creator, { audience: options.includeAudience });
  for (const account of creator.linked) {
    // Other platforms' blocks can be partial pointers (api-ref#enrich-full).
    result[account.platform] ??= identityBlock(account.platform, account);
  }
  return dropUndefined(result);
}

const RAW_KEYS: Partial<Record<Platform, readonly string[]>> = {
  instagram: [
    'userid',
    'exists',
    'username',
    'has_profile_pic',
    'profile_picture',
    'profile_picture_hd',
    'biography',
    'full_name',
    'category',
    'media_count',
    'follower_count',
    'following_count',
    'is_private',
    'is_business_account',
    'is_verified',
    'video_content_creator',
    'uses_link_in_bio',
    'links_in_bio',
    'post_data',
  ],
  youtube: [
    'id',
    'exists',
    'link',
    'profile_picture',
    'profile_picture_hd',
    'custom_url',
    'title',
    'description',
    'published_at',
    'subscriber_count',
    'video_count',
    'view_count',
    'country',
    'has_shorts',
    'made_for_kids',
    'privacy_status',
    'post_data',
  ],
  tiktok: [
    'user_id',
    'sec_user_id',
    'exists',
    'username',
    'profile_picture',
    'profile_picture_hd',
    'full_name',
    'biography',
    'follower_count',
    'following_count',
    'video_count',
    'total_likes',
    'total_shares',
    'total_saves',
    'links_in_bio',
    'tt_seller',
    'is_ad',
    'is_verified',
    'is_commerce',
    'duet_setting',
    'is_private',
    'saves_count_list',
    'post_data',
  ],
  twitter: [
    'userid',
    'exists',
    'username',
    'full_name',
    'biography',
    'profile_picture',
    'profile_picture_hd',
    'join_date',
    'links_in_bio',
    'follower_count',
    'following_count',
    'media_count',
    'tweets_count',
    'creator_favorite_count',
    'is_verified',
    'direct_messaging',
    'subscriber_button',
    'tweets_type',
    'post_data',
  ],
};

/** `result` of raw enrichment (api-ref#enrich-raw): only `result.<platform>`, raw keys, with `exists`. */
export function rawResult(creator: MockCreator): Record<string, unknown> {
  const block = platformBlock(creator, { audience: false });
  const keys = RAW_KEYS[creator.platform];
  const raw: Record<string, unknown> = {};
  if (keys === undefined || creator.sparse) {
    Object.assign(raw, block);
  } else {
    for (const key of keys) if (key in block) raw[key] = block[key];
  }
  raw.exists = true;
  return { [creator.platform]: raw };
}

interface AccountSummary {
  platform: Platform;
  username: string;
  userId: string;
  followers: number;
}

function accounts(creator: MockCreator): AccountSummary[] {
  return [
    {
      platform: creator.platform,
      username: creator.username,
      userId: creator.userId,
      followers: creator.followers,
    },
    ...creator.linked,
  ];
}

/** `result` of email basic (api-ref#email-basic): the strongest platform; note `userId` in camelCase. */
export function emailBasicResult(creator: MockCreator): Record<string, unknown> {
  const best = accounts(creator).reduce((top, account) =>
    account.followers > top.followers ? account : top,
  );
  return dropUndefined({
    platform: best.platform,
    userId: best.userId,
    url: profileUrl(best.platform, best.username),
    username: best.username,
    fullname: creator.fullName,
    picture: pictureUrl(best.platform, best.username),
    followers: best.followers,
  });
}

/**
 * `result` of email advanced (api-ref#email-advanced): the response shape is unknown; we assume the full-enrichment
 * envelope with one complete block per platform. Null when every platform is filtered out.
 */
export function emailAdvancedResult(
  creator: MockCreator,
  options: { excludePlatforms: readonly string[]; minFollowers: number },
): Record<string, unknown> | null {
  const kept = accounts(creator).filter(
    (account) =>
      !options.excludePlatforms.includes(account.platform) && account.followers >= options.minFollowers,
  );
  if (kept.length === 0) return null;
  const result: Record<string, unknown> = {
    email: creator.email ?? null,
    email_type: creator.emailType ?? null,
    first_name: creator.fullName?.split(' ')[0],
    location: creator.location,
  };
  for (const account of kept) {
    const view =
      account.platform === creator.platform
        ? creator
        : linkedView(creator, creator.linked.find((linked) => linked.platform === account.platform)!);
    result[account.platform] = platformBlock(view, { audience: false });
  }
  return dropUndefined(result);
}

/** `result[]` of connected socials (api-ref#socials): the creator's other platforms. */
export function socialsResult(creator: MockCreator): Record<string, unknown>[] {
  return creator.linked.map((account: LinkedAccount) =>
    dropUndefined({
      platform: account.platform,
      user_id: account.userId,
      url: profileUrl(account.platform, account.username),
      username: account.username,
      fullname: creator.fullName,
      picture: pictureUrl(account.platform, account.username),
      followers: account.followers,
    }),
  );
}

/** A one-row summary for CSV results. */
export function csvSummary(creator: MockCreator): {
  platform: string;
  username: string;
  full_name: string;
  followers: number;
  engagement_percent: number | '';
  email: string;
} {
  return {
    platform: creator.platform,
    username: creator.username,
    full_name: creator.fullName ?? '',
    followers: creator.followers,
    engagement_percent: creator.engagementPercent ?? '',
    email: creator.email ?? '',
  };
}
