import { handleProblem, isYoutubeChannelId, normalizeHandle, parseCreatorRef } from '../creator-ref.ts';
import { BATCH_PLATFORMS, type BatchPlatform, PLATFORM_NAMES } from '../ic/platforms.ts';

/**
 * Reading a CSV, cell by cell: what one cell says (a handle, a profile link, an email, or why it is
 * none of them) and which column holds the creators. The streaming pass over the whole file is in
 * src/batch/intake.ts.
 */

// -----------------------------------------------------------------------------------------------
// One cell

export type CellValue =
  | {
      kind: 'handle';
      handle: string;
      /** The platform the cell itself names (a profile link, a YouTube channel id); null for a bare handle. */
      platform: BatchPlatform | null;
    }
  | { kind: 'email'; email: string }
  | { kind: 'invalid'; reason: string };

const BATCH_PLATFORM_SET: ReadonlySet<string> = new Set(BATCH_PLATFORMS);
const PLAIN_HANDLE = /^@?[A-Za-z0-9_]{1,30}$/;

export function isBatchPlatform(value: string): value is BatchPlatform {
  return BATCH_PLATFORM_SET.has(value);
}

/**
 * A cell as a creator: a profile link (its platform comes with it), an `@handle` or bare handle
 * (valid on at least one batch platform; checked again against the platform chosen at Start), or an
 * email address. Canonical forms come from parseCreatorRef, so `@Nike`, `nike` and
 * `instagram.com/nike` meet as duplicates.
 */
export function readCell(raw: string): CellValue {
  const text = raw.trim();
  if (text === '') return { kind: 'invalid', reason: 'empty' };
  // Most cells are plain handles: no dot, slash or colon means no link, so skip the link parser.
  // The answer is the same parseCreatorRef would give (canonical form, Instagram's rules first).
  if (PLAIN_HANDLE.test(text) && !isYoutubeChannelId(text)) {
    const handle = normalizeHandle('instagram', text);
    if (handleProblem('instagram', handle) === null) return { kind: 'handle', handle, platform: null };
  }
  const ref = parseCreatorRef(text);
  if (ref.kind === 'email') return { kind: 'email', email: ref.email };
  if (ref.kind === 'handle') {
    if (!ref.platformFromInput) return { kind: 'handle', handle: ref.handle, platform: null };
    if (isBatchPlatform(ref.platform)) return { kind: 'handle', handle: ref.handle, platform: ref.platform };
    return {
      kind: 'invalid',
      reason: `a ${PLATFORM_NAMES[ref.platform]} link; batches cover ${BATCH_PLATFORMS.map((p) => PLATFORM_NAMES[p]).join(', ')}`,
    };
  }
  // parseCreatorRef checks a bare handle against Instagram's rules; YouTube, X, Twitch… allow others.
  const bare = /^@?[^\s/@:]+$/.test(text);
  if (bare) {
    for (const platform of BATCH_PLATFORMS) {
      const other = parseCreatorRef(text, platform);
      if (other.kind === 'handle') return { kind: 'handle', handle: other.handle, platform: null };
    }
  }
  // A link or an address gets parseCreatorRef's own explanation ("a link to an Instagram post");
  // anything else is simply not a handle.
  const explained = text.includes('/') || text.includes('@', 1) || /^[a-z][a-z0-9+.-]*:/i.test(text);
  return { kind: 'invalid', reason: explained ? ref.reason.replace(/\.$/, '') : NOT_A_HANDLE };
}

/** The reason for a cell that is simply not a creator (the view quotes the cell without comment). */
export const NOT_A_HANDLE = 'not a handle';
/** The reason for a record csv-parse could not read. */
export const UNREADABLE = 'could not be read as CSV: a quote that is never closed?';

// -----------------------------------------------------------------------------------------------
// The column

export interface CreatorColumn {
  index: number;
  /** The header as written; null when the file has no header row. */
  name: string | null;
  /** A platform named in the header ("TikTok handle"). */
  platformHint: BatchPlatform | null;
  /** The header said email / handle; content still decides. */
  said: 'handle' | 'email' | null;
}

const PLATFORM_WORDS: [RegExp, BatchPlatform][] = [
  [/\b(instagram|insta|ig)\b/, 'instagram'],
  [/\b(tiktok|tik tok|tt)\b/, 'tiktok'],
  [/\b(youtube|yt)\b/, 'youtube'],
  [/\b(twitter|x\.com)\b/, 'twitter'],
  [/\btwitch\b/, 'twitch'],
  [/\bonlyfans\b/, 'onlyfans'],
];

export function platformNamedIn(text: string): BatchPlatform | null {
  const words = text.toLowerCase().replace(/[_\-.]+/g, ' ');
  for (const [pattern, platform] of PLATFORM_WORDS) if (pattern.test(words)) return platform;
  return null;
}

function headerWords(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[_\-.#@:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Header names that point at the creator column, by priority (handle before email). */
const COLUMN_NAMES: { pattern: RegExp; said: 'handle' | 'email' | null; rank: number }[] = [
  { pattern: /^(?:[a-z ]+ )?handles?$/, said: 'handle', rank: 0 },
  { pattern: /^(?:[a-z ]+ )?(?:usernames?|user ?names?)$/, said: 'handle', rank: 1 },
  { pattern: /^(?:[a-z ]+ )?(?:profiles?|profile (?:urls?|links?))$/, said: 'handle', rank: 2 },
  { pattern: /^(?:[a-z ]+ )?(?:urls?|links?)$/, said: 'handle', rank: 3 },
  { pattern: /^(?:[a-z ]+ )?(?:e ?mails?|e ?mail address(?:es)?)$/, said: 'email', rank: 4 },
  { pattern: /^(?:instagram|tiktok|youtube|twitter|twitch|onlyfans)$/, said: 'handle', rank: 5 },
];

/** Words that are a header, not a creator, when a one-column file starts with them. */
const HEADER_WORDS = new Set([
  'creator',
  'creators',
  'influencer',
  'influencers',
  'account',
  'accounts',
  'name',
  'names',
  'id',
  'ids',
  'list',
  'social',
  'socials',
  'value',
  'values',
  'input',
  'column1',
  'creator list',
  'contact',
  'contacts',
  'talent',
  'talents',
  'people',
  'person',
  'kol',
  'kols',
  'partner',
  'partners',
  'channel',
  'channels',
]);

/**
 * The creator column from the first row: a header named handle, username, profile, url or email
 * (any case, optionally after a platform: "Instagram handle"), or a single column with or without a
 * header. Returns `header: false` when the first row is already data.
 */
export function findCreatorColumn(
  firstRow: readonly string[],
): { column: CreatorColumn; header: boolean } | null {
  let best: { index: number; rank: number; said: 'handle' | 'email' | null } | null = null;
  firstRow.forEach((cell, index) => {
    const words = headerWords(cell);
    for (const { pattern, said, rank } of COLUMN_NAMES) {
      if (pattern.test(words) && (best === null || rank < best.rank)) best = { index, rank, said };
    }
  });
  if (best !== null) {
    const { index, said } = best;
    const name = (firstRow[index] ?? '').replace(/^\uFEFF/, '').trim();
    return { column: { index, name, platformHint: platformNamedIn(name), said }, header: true };
  }
  const filled = firstRow.map((c, i) => [c.trim(), i] as const).filter(([c]) => c !== '');
  if (filled.length !== 1 || filled[0]![1] !== 0) return null;
  const only = filled[0]![0].replace(/^\uFEFF/, '');
  const value = readCell(only);
  const looksLikeHeader = value.kind === 'invalid' || HEADER_WORDS.has(headerWords(only));
  if (looksLikeHeader) {
    return {
      column: { index: 0, name: only, platformHint: platformNamedIn(only), said: null },
      header: true,
    };
  }
  return { column: { index: 0, name: null, platformHint: null, said: null }, header: false };
}
