import { parseCreatorRef } from '../creator-ref.ts';
import type { Platform } from '../ic/platforms.ts';

/**
 * Which pasted links are creator profiles. A post, a video, a search page, a short link or another
 * site is not: those are left alone (no unfurl, nothing spent).
 */

export interface ProfileTarget {
  platform: Platform;
  /** Canonical handle (creator-ref's normalizeHandle), so unfurls share cache keys with /creator. */
  handle: string;
}

/**
 * The domains registered for unfurls in manifest.yml (Slack allows 5 per app). Slack sends
 * `link_shared` for these and their subdomains (www., m.); links to other supported platforms are
 * still read by the message shortcut.
 */
export const UNFURL_DOMAINS = ['instagram.com', 'tiktok.com', 'youtube.com', 'x.com', 'twitch.tv'] as const;

/**
 * A path segment after the handle that makes the link a single post, not the profile:
 * tiktok.com/@a/video/1, x.com/a/status/1, instagram.com/a/reel/1, twitch.tv/a/clip/1.
 */
const CONTENT_SEGMENTS = new Set([
  'video',
  'photo',
  'status',
  'statuses',
  'reel',
  'p',
  'clip',
  'post',
  'shorts',
  'watch',
  'live',
]);

function pointsAtContent(url: string): boolean {
  if (!URL.canParse(url)) return true;
  const segments = new URL(url).pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.toLowerCase());
  return segments.slice(1).some((s) => CONTENT_SEGMENTS.has(s));
}

export function profileOfLink(url: string): ProfileTarget | null {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url.trim())) return null;
  if (pointsAtContent(url.trim())) return null;
  const ref = parseCreatorRef(url.trim());
  if (ref.kind !== 'handle' || !ref.platformFromInput) return null;
  return { platform: ref.platform, handle: ref.handle };
}
