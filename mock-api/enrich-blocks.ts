import type { MockCreator } from './creators.ts';
import { audienceBlock } from './enrich-audience.ts';
import {
  ANCHOR_EPOCH,
  averages,
  blockRandom,
  countryCode,
  dateOnly,
  isoSeconds,
  nicheHashtags,
  pictureUrl,
} from './enrich-common.ts';
import { instagramPosts, tiktokPosts, tweets, twitchStreams, youtubePosts } from './enrich-posts.ts';
import { AUDIENCE_PLATFORMS, type Platform, profileUrl } from './platforms.ts';
import { COUNTRIES, NICHE_BY_NAME } from './vocabulary.ts';

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
export function identityBlock(
  platform: Platform,
  account: { username: string; userId: string; followers: number },
) {
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

export function dropUndefined(block: Record<string, unknown>): Record<string, unknown> {
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
