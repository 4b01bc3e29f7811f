import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { engagementFromPosts } from '../../src/unfurl/engagement.ts';
import { profileOfLink, UNFURL_DOMAINS } from '../../src/unfurl/links.ts';

describe('profileOfLink', () => {
  it('reads profile links of the supported platforms in canonical form', () => {
    expect(profileOfLink('https://www.instagram.com/Maya.Moves/?igsh=abc')).toEqual({
      platform: 'instagram',
      handle: 'maya.moves',
    });
    expect(profileOfLink('https://www.tiktok.com/@dancer_1')).toEqual({
      platform: 'tiktok',
      handle: 'dancer_1',
    });
    expect(profileOfLink('https://www.youtube.com/@MrBeast/videos')).toEqual({
      platform: 'youtube',
      handle: 'mrbeast',
    });
    expect(profileOfLink('https://x.com/nasa')).toEqual({ platform: 'twitter', handle: 'nasa' });
    expect(profileOfLink('https://www.twitch.tv/ninja')).toEqual({ platform: 'twitch', handle: 'ninja' });
  });

  it('leaves posts, videos, search pages, short links, bare text and other sites alone', () => {
    for (const url of [
      'https://www.instagram.com/p/C0ABCDEF123/',
      'https://www.instagram.com/maya.moves/reel/C0ABC/',
      'https://www.tiktok.com/@someone/video/7234567890123456789',
      'https://x.com/nasa/status/1800000000000000000',
      'https://x.com/search?q=vegan',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://www.youtube.com/shorts/abc',
      'https://youtu.be/dQw4w9WgXcQ',
      'https://www.twitch.tv/ninja/clip/SomeClip',
      'https://www.twitch.tv/directory',
      'https://example.com/@maya.moves',
      'instagram.com/maya.moves',
      'mailto:hello@example.com',
    ]) {
      expect(profileOfLink(url), url).toBeNull();
    }
  });

  it('names at most 5 unfurl domains (Slack limit), each one read as a platform', () => {
    expect(UNFURL_DOMAINS.length).toBeLessThanOrEqual(5);
    for (const domain of UNFURL_DOMAINS) {
      const path = domain === 'tiktok.com' ? '@somecreator' : 'somecreator';
      expect(profileOfLink(`https://${domain}/${path}`), domain).not.toBeNull();
    }
    for (const file of ['manifest.yml', 'manifest.http.yml']) {
      const manifest = parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as {
        features: { unfurl_domains: string[] };
      };
      expect(manifest.features.unfurl_domains, file).toEqual([...UNFURL_DOMAINS]);
    }
  });
});

describe('engagementFromPosts', () => {
  it('is mean (likes + comments) per post over followers, with string counters too', () => {
    const result = {
      result: {
        youtube: {
          post_data: [
            { engagement: { like_count: '300', comment_count: '100' } },
            { engagement: { like_count: '500', comment_count: '100' } },
          ],
        },
      },
    };
    expect(engagementFromPosts(result, 'youtube', 10_000)).toBe(5);
  });

  it('is null without posts or followers', () => {
    expect(engagementFromPosts({ result: { instagram: { post_data: [] } } }, 'instagram', 1000)).toBeNull();
    expect(
      engagementFromPosts(
        { result: { instagram: { post_data: [{ engagement: { likes: 5 } }] } } },
        'instagram',
        0,
      ),
    ).toBeNull();
  });
});
