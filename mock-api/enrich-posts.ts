import type { MockCreator } from './creators.ts';
import { ANCHOR_EPOCH, averages, blockRandom, isoSeconds, nicheHashtags } from './enrich-common.ts';
import { NICHE_BY_NAME } from './vocabulary.ts';

// ---------------------------------------------------------------------------------------------
// Posts inside platform blocks (post_data[], api-ref#full-enrichment-blocks)

export function instagramPosts(creator: MockCreator, count: number) {
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

export function tiktokPosts(creator: MockCreator, count: number) {
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

export function youtubePosts(creator: MockCreator, count: number) {
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

export function tweets(creator: MockCreator, count: number) {
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

export function twitchStreams(creator: MockCreator, count: number) {
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
