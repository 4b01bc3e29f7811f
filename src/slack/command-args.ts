import { type CreatorRef, parseCreatorRef, platformFromWord } from '../creator-ref.ts';
import { PLATFORM_NAMES, type Platform } from '../ic/platforms.ts';

/**
 * Reads what a user typed after a lookup command: one creator (handle, @handle, profile link or
 * email), optionally a platform word anywhere ("tiktok", "yt", "x"…) and command keywords
 * ("advanced"). Empty text or "help" asks for usage. Every refusal is one sentence saying what to
 * type instead; nothing is spent on input that cannot be right.
 */

export type LookupArgs =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'lookup'; ref: CreatorRef; keywords: string[] };

export function parseLookupArgs(
  text: string,
  options: {
    /** Platforms this command supports; a bare handle defaults to the first (Instagram). */
    platforms: readonly Platform[];
    allowEmail?: boolean;
    /** Extra words the command understands, e.g. ["advanced"]. */
    keywords?: readonly string[];
  },
): LookupArgs {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || (words.length === 1 && /^(help|-h|--help|\?)$/i.test(words[0] ?? ''))) {
    return { kind: 'help' };
  }
  const keywords: string[] = [];
  const rest: string[] = [];
  for (const word of words) {
    const keyword = options.keywords?.find((k) => k.toLowerCase() === word.toLowerCase());
    if (keyword) keywords.push(keyword);
    else rest.push(word);
  }
  // "/creator @someone tiktok": the last platform word names the platform, as long as something
  // else is left to be the creator ("/creator tiktok" alone looks up the handle "tiktok").
  let platform: Platform | null = null;
  for (let i = rest.length - 1; i >= 0 && rest.length > 1; i--) {
    const word = rest[i] ?? '';
    const asPlatform = /[@/.]/.test(word) ? null : platformFromWord(word);
    if (asPlatform) {
      platform = asPlatform;
      rest.splice(i, 1);
      break;
    }
  }
  if (rest.length === 0)
    return { kind: 'error', message: 'Say which creator: a profile link, an @handle or an email.' };
  if (rest.length > 1) {
    return {
      kind: 'error',
      message: `One creator at a time: I read ${rest.length} (${rest.slice(0, 3).join(', ')}${rest.length > 3 ? ', …' : ''}).`,
    };
  }
  const input = rest[0] ?? '';
  const parsed = parseCreatorRef(input, platform ?? options.platforms[0]);
  if (parsed.kind === 'error') return { kind: 'error', message: parsed.reason };
  if (parsed.kind === 'email') {
    if (!options.allowEmail)
      return { kind: 'error', message: 'This command needs a handle or profile link, not an email.' };
    return { kind: 'lookup', ref: parsed, keywords };
  }
  if (platform && parsed.platformFromInput && parsed.platform !== platform) {
    return {
      kind: 'error',
      message: `That link is a ${PLATFORM_NAMES[parsed.platform]} profile, but you asked for ${PLATFORM_NAMES[platform]}. Drop one of the two.`,
    };
  }
  if (!options.platforms.includes(parsed.platform)) {
    return {
      kind: 'error',
      message: `${PLATFORM_NAMES[parsed.platform]} is not supported here; try ${options.platforms.map((p) => PLATFORM_NAMES[p]).join(', ')}.`,
    };
  }
  return { kind: 'lookup', ref: parsed, keywords };
}
