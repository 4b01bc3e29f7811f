import { isPlatform, PLATFORM_NAMES, type Platform } from './ic/platforms.ts';

/**
 * Reads what a user typed to name a creator: a profile link, an `@handle`, a bare handle or an
 * email address. The result is canonical (see normalizeHandle), so it can key caches and
 * de-duplicate CSV rows.
 *
 *   parseCreatorRef('https://www.instagram.com/nike/?igsh=abc')  → { kind: 'handle', handle: 'nike', platform: 'instagram', platformFromInput: true }
 *   parseCreatorRef('@MrBeast', 'youtube')                       → { kind: 'handle', handle: 'mrbeast', platform: 'youtube', platformFromInput: false }
 *   parseCreatorRef(' Hello@Example.com ')                       → { kind: 'email', email: 'hello@example.com' }
 *   parseCreatorRef('instagram.com/p/ABC123')                    → { kind: 'error', reason: 'That is a link to an Instagram post, …' }
 */
export type CreatorRef =
  | {
      kind: 'handle';
      /** Canonical handle (normalizeHandle): no @, lower-case except YouTube channel ids. */
      handle: string;
      platform: Platform;
      /** True when the input itself said the platform (a profile link, a YouTube channel id). */
      platformFromInput: boolean;
    }
  | { kind: 'email'; email: string };

export interface ParseError {
  kind: 'error';
  /** One sentence for the user saying what is wrong and what to type instead. */
  reason: string;
}

/** Words people type for a platform. */
const PLATFORM_ALIASES: Readonly<Record<string, Platform>> = {
  ig: 'instagram',
  insta: 'instagram',
  yt: 'youtube',
  tt: 'tiktok',
  x: 'twitter',
  of: 'onlyfans',
  fb: 'facebook',
  li: 'linkedin',
};

/** A platform from a word ("TikTok", "yt", "x"), or null. */
export function platformFromWord(word: string): Platform | null {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (isPlatform(w)) return w;
  return PLATFORM_ALIASES[w] ?? null;
}

/** `UC` + 22 characters: the stable YouTube channel id (api-ref#enrich-full says it is the reliable form). */
const YOUTUBE_CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;

export function isYoutubeChannelId(handle: string): boolean {
  return YOUTUBE_CHANNEL_ID.test(handle);
}

/**
 * The canonical form of a handle: trimmed, without a leading @, lower-cased. Every supported
 * platform treats handles case-insensitively; YouTube channel ids are the exception (`UC…` ids
 * are case-sensitive) and keep their case.
 */
export function normalizeHandle(platform: Platform, handle: string): string {
  const h = handle.trim().replace(/^@/, '');
  if (platform === 'youtube' && isYoutubeChannelId(h)) return h;
  return h.toLowerCase();
}

/**
 * Characters each platform allows in a handle, loosely: enough to reject spaces and garbage
 * without refusing a real account whose rules we do not know exactly.
 */
const HANDLE_PATTERN: Record<Platform, RegExp> = {
  instagram: /^(?!\.)(?!.*\.\.)(?!.*\.$)[a-z0-9._]{1,30}$/,
  tiktok: /^[a-z0-9._]{1,30}$/,
  // @handles, legacy /c/ and /user/ names (may hold non-Latin letters) and channel ids
  youtube: /^[\p{L}\p{N}\p{M}._·-]{1,100}$/u,
  twitter: /^[a-z0-9_]{1,20}$/,
  twitch: /^[a-z0-9_]{1,25}$/,
  onlyfans: /^[a-z0-9._-]{1,50}$/,
  snapchat: /^[a-z0-9._-]{1,30}$/,
  discord: /^[\p{L}\p{N}._#-]{2,40}$/u,
  pinterest: /^[a-z0-9._-]{1,30}$/,
  facebook: /^[\p{L}\p{N}._-]{1,80}$/u,
  linkedin: /^[\p{L}\p{N}\p{M}_-]{1,100}$/u,
};

/**
 * First path segments that are site pages, not profiles. A handle equal to one of these is
 * refused too: the platforms reserve these names, so it is a typo or a copied page link.
 */
const RESERVED: Partial<Record<Platform, ReadonlySet<string>>> = {
  instagram: new Set([
    'p',
    'reel',
    'reels',
    'tv',
    'stories',
    'explore',
    'accounts',
    'direct',
    'about',
    'legal',
    'developer',
    'web',
    'challenge',
    's',
    '_u',
    'ar',
    'emails',
    'api',
    'login',
  ]),
  twitter: new Set([
    'home',
    'explore',
    'search',
    'i',
    'intent',
    'share',
    'hashtag',
    'settings',
    'messages',
    'notifications',
    'login',
    'logout',
    'signup',
    'tos',
    'privacy',
    'compose',
    'account',
    'about',
    'jobs',
  ]),
  twitch: new Set([
    'directory',
    'videos',
    'p',
    'settings',
    'search',
    'downloads',
    'jobs',
    'turbo',
    'subscriptions',
    'inventory',
    'wallet',
    'friends',
    'messages',
    'login',
    'signup',
    'store',
    'prime',
    'bits',
    'drops',
    'moderator',
    'popout',
  ]),
  onlyfans: new Set(['my', 'posts', 'auth', 'help', 'terms', 'privacy', 'about', 'login', 'signup', 'api']),
  pinterest: new Set([
    'pin',
    'search',
    'ideas',
    'today',
    'explore',
    'business',
    'settings',
    'login',
    'signup',
    '_',
    'categories',
    'videos',
  ]),
  facebook: new Set([
    'profile.php',
    'people',
    'pg',
    'pages',
    'groups',
    'watch',
    'events',
    'marketplace',
    'share',
    'sharer',
    'sharer.php',
    'photo',
    'photo.php',
    'story.php',
    'permalink.php',
    'reel',
    'videos',
    'login',
    'help',
    'gaming',
    'hashtag',
    'stories',
    'notes',
    'media',
    'dialog',
    'plugins',
    'l.php',
  ]),
};

/** Why `handle` cannot be a `platform` handle, or null when it can. Expects the canonical form. */
export function handleProblem(platform: Platform, handle: string): string | null {
  const name = PLATFORM_NAMES[platform];
  if (handle === '') return `That ${name} handle is empty.`;
  if (/\s/.test(handle)) return 'A handle cannot contain spaces.';
  if (platform === 'youtube' && isYoutubeChannelId(handle)) return null;
  if (!/[\p{L}\p{N}]/u.test(handle) || !HANDLE_PATTERN[platform].test(handle)) {
    return `"${shorten(handle)}" does not look like a ${name} handle.`;
  }
  if (RESERVED[platform]?.has(handle)) return `"${handle}" is a ${name} page, not a creator.`;
  return null;
}

/** Hosts of links that name no creator and cannot be resolved offline. */
const SHORT_LINKS: Record<string, string> = {
  'youtu.be': 'That is a link to a YouTube video, not a channel. Paste the channel link or @handle.',
  'vm.tiktok.com': 'TikTok short links cannot be read. Open it and paste the tiktok.com/@… profile link.',
  'vt.tiktok.com': 'TikTok short links cannot be read. Open it and paste the tiktok.com/@… profile link.',
  'pin.it': 'Pinterest short links cannot be read. Open it and paste the profile link.',
  't.co': 'X short links cannot be read. Open it and paste the x.com/… profile link.',
  'fb.me': 'Facebook short links cannot be read. Open it and paste the profile link.',
  'lnkd.in': 'LinkedIn short links cannot be read. Open it and paste the linkedin.com/in/… link.',
  'clips.twitch.tv': 'That is a link to a Twitch clip, not a channel. Paste the twitch.tv/… channel link.',
};

const DOMAINS: [RegExp, Platform][] = [
  [/(^|\.)(instagram\.com|instagr\.am)$/, 'instagram'],
  [/(^|\.)tiktok\.com$/, 'tiktok'],
  [/(^|\.)youtube\.com$/, 'youtube'],
  [/(^|\.)(x\.com|twitter\.com)$/, 'twitter'],
  [/(^|\.)twitch\.tv$/, 'twitch'],
  [/(^|\.)onlyfans\.com$/, 'onlyfans'],
  [/(^|\.)snapchat\.com$/, 'snapchat'],
  [/(^|\.)pinterest\.(com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/, 'pinterest'],
  [/(^|\.)(facebook\.com|fb\.com)$/, 'facebook'],
  [/(^|\.)linkedin\.com$/, 'linkedin'],
  [/(^|\.)(discord\.com|discord\.gg|discordapp\.com)$/, 'discord'],
];

function platformOfHost(host: string): Platform | undefined {
  return DOMAINS.find(([pattern]) => pattern.test(host))?.[1];
}

const EMAIL = /^[^\s@<>()[\]",;:/]+@[^\s@<>()[\]",;:/]+\.[a-z]{2,}$/i;

/**
 * Parses a creator reference. `defaultPlatform` applies to bare handles (Instagram when absent);
 * links say their own platform.
 */
export function parseCreatorRef(input: string, defaultPlatform?: Platform): CreatorRef | ParseError {
  if (typeof input !== 'string') return fail('Type a profile link, an @handle or an email address.');
  if (defaultPlatform !== undefined && !isPlatform(defaultPlatform)) {
    return fail(`"${shorten(String(defaultPlatform))}" is not a platform Scout knows.`);
  }
  const mention = slackMentionKind(input.trim());
  if (mention) {
    return fail(
      `That is a Slack mention of ${mention}, not a creator. Type the creator's handle or profile link instead.`,
    );
  }
  let text = unwrapSlack(input.trim())
    .trim()
    .replace(/^["'`]+|["'`]+$/g, '')
    .trim();
  if (text === '') return fail('Type a profile link, an @handle or an email address.');

  if (/^mailto:/i.test(text)) text = text.slice('mailto:'.length);
  if (text.includes('@') && !text.startsWith('@') && !text.includes('/')) {
    const email = text.toLowerCase();
    return EMAIL.test(email)
      ? { kind: 'email', email }
      : fail(`"${shorten(text)}" is not a valid email address.`);
  }

  const firstPart = text.split('/')[0]!.toLowerCase();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (hasScheme || platformOfHost(firstPart) !== undefined || SHORT_LINKS[firstPart] !== undefined) {
    return parseLink(text, hasScheme);
  }
  if (text.includes('/'))
    return fail('That is not a link to a supported platform. Paste a profile link or an @handle.');

  // A bare YouTube channel id names its platform by itself.
  const bare = text.replace(/^@/, '');
  if (defaultPlatform === undefined && isYoutubeChannelId(bare)) {
    return { kind: 'handle', handle: bare, platform: 'youtube', platformFromInput: true };
  }
  return handleRef(defaultPlatform ?? 'instagram', bare, false);
}

function parseLink(text: string, hasScheme: boolean): CreatorRef | ParseError {
  const href = hasScheme ? text : `https://${text}`;
  if (!URL.canParse(href)) return fail('That link cannot be read. Paste the profile link again.');
  const url = new URL(href);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('Paste a web link (https://…).');
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const short = SHORT_LINKS[host] ?? SHORT_LINKS[host.replace(/^www\./, '')];
  if (short !== undefined) return fail(short);
  const platform = platformOfHost(host);
  if (platform === undefined)
    return fail('That is not a link to a supported platform. Paste a profile link or an @handle.');

  let segments: string[];
  try {
    segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    return fail('That link cannot be read. Paste the profile link again.');
  }
  const [first, second] = segments;
  const lower = first?.toLowerCase();
  const name = PLATFORM_NAMES[platform];
  const noHandle = fail(
    `That ${name} link has no profile in it. Paste the creator's profile link or @handle.`,
  );
  if (first === undefined || lower === undefined) return noHandle;

  switch (platform) {
    case 'instagram':
      if (['p', 'reel', 'reels', 'tv'].includes(lower)) {
        return fail(
          "That is a link to an Instagram post, not a profile. Paste the creator's profile link or @handle.",
        );
      }
      if ((lower === 'stories' || lower === '_u') && second !== undefined && second !== 'highlights') {
        return handleRef(platform, second, true);
      }
      return handleRef(platform, first, true);
    case 'tiktok':
      if (first.startsWith('@')) return handleRef(platform, first.slice(1), true);
      if (['video', 'v', 't', 'embed'].includes(lower)) {
        return fail(
          "That is a link to a TikTok video, not a profile. Paste the creator's tiktok.com/@… link.",
        );
      }
      return fail('TikTok profile links look like tiktok.com/@name.');
    case 'youtube':
      if (first.startsWith('@')) return handleRef(platform, first.slice(1), true);
      if (lower === 'channel') {
        return second !== undefined && isYoutubeChannelId(second)
          ? { kind: 'handle', handle: second, platform, platformFromInput: true }
          : fail('That YouTube channel link has no channel id (UC…) in it.');
      }
      if (lower === 'c' || lower === 'user')
        return second === undefined ? noHandle : handleRef(platform, second, true);
      if (
        [
          'watch',
          'shorts',
          'playlist',
          'results',
          'feed',
          'embed',
          'live',
          'v',
          'hashtag',
          'redirect',
          'attribution_link',
          'post',
        ].includes(lower)
      ) {
        return fail(
          'That is a link to a YouTube video or page, not a channel. Paste the channel link or @handle.',
        );
      }
      // youtube.com/<legacy custom name> still resolves on YouTube
      return handleRef(platform, first, true);
    case 'snapchat':
      if (first.startsWith('@')) return handleRef(platform, first.slice(1), true);
      if (lower === 'add') return second === undefined ? noHandle : handleRef(platform, second, true);
      return fail('Snapchat profile links look like snapchat.com/add/name.');
    case 'linkedin':
      if ((lower === 'in' || lower === 'pub') && second !== undefined)
        return handleRef(platform, second, true);
      if (['company', 'school', 'showcase'].includes(lower)) {
        return fail('That is a LinkedIn company page, not a person. Paste a linkedin.com/in/… link.');
      }
      return fail('LinkedIn profile links look like linkedin.com/in/name.');
    case 'facebook':
      if (lower === 'profile.php') {
        const id = url.searchParams.get('id');
        return id !== null && /^\d+$/.test(id) ? handleRef(platform, id, true) : noHandle;
      }
      if (lower === 'people') {
        const id = segments.find((s) => /^\d+$/.test(s));
        return id !== undefined ? handleRef(platform, id, true) : noHandle;
      }
      if (lower === 'pg' && second !== undefined) return handleRef(platform, second, true);
      return RESERVED.facebook?.has(lower)
        ? fail('That is a link to a Facebook post or page section, not a profile. Paste the profile link.')
        : handleRef(platform, first, true);
    case 'discord':
      return fail('Discord has no profile links. Type the username and choose Discord.');
    case 'twitter':
    case 'twitch':
    case 'onlyfans':
    case 'pinterest':
      return RESERVED[platform]?.has(lower)
        ? fail(
            `That link points to a page on ${name}, not a profile. Paste the creator's profile link or @handle.`,
          )
        : handleRef(platform, first, true);
  }
}

function handleRef(platform: Platform, raw: string, platformFromInput: boolean): CreatorRef | ParseError {
  const handle = normalizeHandle(platform, raw);
  const problem = handleProblem(platform, handle);
  return problem === null ? { kind: 'handle', handle, platform, platformFromInput } : fail(problem);
}

/** Slack wraps links and emails: `<https://…|label>`, `<mailto:a@b.c|a@b.c>`. */
/**
 * Slack turns `@someone`, `#channel` and `@group` typed in a command into `<@U…>`, `<#C…|name>` and
 * `<!subteam^S…>` (and broadcasts into `<!here>`…). Unwrapped, `<@U0123ABCD>` would read as the
 * handle `u0123abcd` and be paid for: a mention is never a creator.
 */
function slackMentionKind(text: string): string | null {
  if (/^<@[UW][A-Z0-9]+(\|[^>]*)?>$/i.test(text)) return 'a person in this workspace';
  if (/^<#[CG][A-Z0-9]+(\|[^>]*)?>$/i.test(text)) return 'a channel';
  if (/^<!subteam\^[A-Z0-9]+(\|[^>]*)?>$/i.test(text)) return 'a user group';
  if (/^<!(channel|here|everyone)(\|[^>]*)?>$/i.test(text)) return 'everyone in a channel';
  return null;
}

function unwrapSlack(text: string): string {
  const m = /^<([^>|]+)(\|[^>]*)?>$/.exec(text);
  return m ? m[1]! : text;
}

function fail(reason: string): ParseError {
  return { kind: 'error', reason };
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
