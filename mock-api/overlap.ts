import type { MockCreator } from './creators.ts';
import { profileUrl } from './platforms.ts';
import { SeededRandom } from './seeded.ts';

/**
 * Audience overlap (api-ref#overlap). The percentage scale is unknown (api-ref#open-questions q8): the upstream provider uses
 * fractions, a third-party example uses 0–100. The double answers fractions (0–1) for Instagram and
 * 0–100 for TikTok and YouTube, so clients have to cope with both.
 */
export function overlapResult(platform: 'instagram' | 'tiktok' | 'youtube', creators: MockCreator[]) {
  const group = creators
    .map((creator) => creator.username)
    .sort()
    .join(',');
  const scale = platform === 'instagram' ? 1 : 100;
  let totalFollowers = 0;
  let uniqueFollowers = 0;
  let sharedFollowers = 0;
  const details = creators.map((creator) => {
    const rng = new SeededRandom(`overlap:${platform}:${group}:${creator.username}`);
    const unique = rng.float(0.45, 0.95, 4);
    totalFollowers += creator.followers;
    uniqueFollowers += Math.round(creator.followers * unique);
    sharedFollowers += creator.followers - Math.round(creator.followers * unique);
    const engagements = Math.round((creator.followers * (creator.engagementPercent ?? 0)) / 100);
    return {
      user_id: creator.userId,
      username: creator.username,
      followers: creator.followers,
      unique_percentage: Math.round(unique * scale * 10_000) / 10_000,
      overlapping_percentage: Math.round((1 - unique) * scale * 10_000) / 10_000,
      user: {
        user_id: creator.userId,
        username: creator.username,
        followers: creator.followers,
        fullname: creator.fullName ?? '',
        url: profileUrl(creator.platform, creator.username),
        is_verified: creator.isVerified,
        engagements,
        stats: [{ post_type: 'all', engagements }],
      },
    };
  });
  return {
    basics: {
      total_followers: totalFollowers,
      // Shared followers are assumed to follow two of the compared creators, so they count half.
      total_unique_followers: uniqueFollowers + Math.round(sharedFollowers / 2),
    },
    details,
  };
}
