import type { RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import { cacheKeyFor } from '../src/budget/lookup-cache.ts';
import { isYoutubeChannelId, parseCreatorRef, platformFromWord } from '../src/creator-ref.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import {
  OVERLAP_PLATFORMS,
  type OverlapPlatform,
  PLATFORM_NAMES,
  type Platform,
  supports,
} from '../src/ic/platforms.ts';
import { profileUrlFor } from '../src/ic/profile.ts';
import type { OverlapRequest } from '../src/ic/schemas.ts';
import { answerCommandFor, type Requester } from '../src/slack/respond.ts';
import type { SlackMessage } from '../views/blocks.ts';
import {
  OVERLAP_MAX_CREATORS,
  OVERLAP_MIN_CREATORS,
  overlapHelp,
  overlapInputError,
  overlapMessage,
  toOverlapReport,
} from '../views/overlap.ts';
import { HOUR_MS, lookupCard } from './creator/card-flow.ts';

/**
 * `/overlap [platform] <creator> <creator> [… up to 10]`: total and unique reach of a group of
 * creators and each one's unique share (1 credit, api-ref#overlap). Cached per set of creators, so the same
 * comparison in any order is asked once.
 */

type Ack = (response?: string | RespondArguments) => Promise<void>;

export type OverlapArgs =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'overlap'; platform: OverlapPlatform; handles: string[] };

const SUPPORTED_NAMES = OVERLAP_PLATFORMS.map((p) => PLATFORM_NAMES[p]).join(', ');

function names(platforms: Iterable<Platform>): string {
  return [...platforms].map((p) => PLATFORM_NAMES[p]).join(', ');
}

/** A word that names a platform rather than a creator: "tiktok", "yt"… but never "@tiktok" or a link. */
function asPlatformWord(word: string | undefined): Platform | null {
  return word === undefined || /[@/.]/.test(word) ? null : platformFromWord(word);
}

type Refusal = { kind: 'error'; message: string };

/**
 * What the user typed after /overlap. The platform is the first word (or the last) when it is a
 * platform name; otherwise profile links say it (they must agree), otherwise Instagram.
 */
export function parseOverlapArgs(text: string): OverlapArgs {
  const words = text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (words.length === 0 || (words.length === 1 && /^(help|-h|--help|\?)$/i.test(words[0] ?? ''))) {
    return { kind: 'help' };
  }
  const platform = platformOf(words);
  if (typeof platform !== 'string') return platform;
  const handles = handlesOf(words, platform);
  if (!Array.isArray(handles)) return handles;
  if (handles.length < OVERLAP_MIN_CREATORS) {
    return {
      kind: 'error',
      message: `Compare at least ${OVERLAP_MIN_CREATORS} creators; you listed ${handles.length}.`,
    };
  }
  if (handles.length > OVERLAP_MAX_CREATORS) {
    return {
      kind: 'error',
      message: `Compare at most ${OVERLAP_MAX_CREATORS} creators at a time; you listed ${handles.length}.`,
    };
  }
  return { kind: 'overlap', platform, handles };
}

/** The platform asked for; takes a platform word off `words` (first, else last). */
function platformOf(words: string[]): OverlapPlatform | Refusal {
  let named: Platform | null = asPlatformWord(words[0]);
  if (named) words.shift();
  else if (words.length > 1) {
    named = asPlatformWord(words.at(-1));
    if (named) words.pop();
  }
  // Profile links say their platform; a bare handle takes whichever platform applies.
  const linked = new Set<Platform>();
  for (const word of words) {
    const ref = parseCreatorRef(word, named ?? undefined);
    if (ref.kind === 'handle' && ref.platformFromInput) linked.add(ref.platform);
  }
  if (named) {
    const other = [...linked].find((p) => p !== named);
    if (other)
      return {
        kind: 'error',
        message: `You asked for ${PLATFORM_NAMES[named]}, but a link points to ${PLATFORM_NAMES[other]}. Compare creators on one platform.`,
      };
  } else if (linked.size > 1) {
    return {
      kind: 'error',
      message: `Those links are on different platforms (${names(linked)}). Overlap compares creators on one platform.`,
    };
  }
  const platform: Platform = named ?? [...linked][0] ?? 'instagram';
  if (!supports(OVERLAP_PLATFORMS, platform)) {
    return {
      kind: 'error',
      message: `Influencers Club compares audiences only on ${SUPPORTED_NAMES}, not ${PLATFORM_NAMES[platform]}.`,
    };
  }
  return platform;
}

/** Each word as a canonical handle on `platform`, each creator once. */
function handlesOf(words: readonly string[], platform: OverlapPlatform): string[] | Refusal {
  const handles: string[] = [];
  for (const word of words) {
    const ref = parseCreatorRef(word, platform);
    if (ref.kind === 'error') return { kind: 'error', message: `${shorten(word)}: ${ref.reason}` };
    if (ref.kind === 'email')
      return {
        kind: 'error',
        message: `${shorten(word)} is an email; /overlap needs handles or profile links.`,
      };
    if (handles.includes(ref.handle)) {
      return {
        kind: 'error',
        message: `@${ref.handle} is listed twice (a link and an @handle to the same profile count once). List each creator once.`,
      };
    }
    handles.push(ref.handle);
  }
  return handles;
}

function shorten(word: string): string {
  return word.length > 60 ? `${word.slice(0, 60)}…` : word;
}

/**
 * The request. The API takes usernames or profile links (api-ref#overlap); a YouTube channel id is not a
 * username, so it goes as its channel link.
 */
export function overlapRequest(platform: OverlapPlatform, handles: readonly string[]): OverlapRequest {
  return {
    platform,
    creators: handles.map((h) =>
      platform === 'youtube' && isYoutubeChannelId(h) ? (profileUrlFor(platform, h) ?? h) : h,
    ),
  };
}

function groupPhrase(platform: OverlapPlatform, handles: readonly string[]): string {
  const where = PLATFORM_NAMES[platform];
  if (handles.length > 3) return `the overlap of ${handles.length} ${where} creators`;
  const list = handles.map((h) => `@${h}`);
  return `the overlap of ${list.slice(0, -1).join(', ')} and ${list.at(-1)} on ${where}`;
}

export function overlapAnswer(
  deps: ScoutDeps,
  who: Requester,
  platform: OverlapPlatform,
  handles: readonly string[],
): Promise<SlackMessage> {
  const request = overlapRequest(platform, handles);
  return lookupCard(deps, who, {
    request: {
      feature: 'overlap',
      operation: 'overlap',
      params: request,
      summary: groupPhrase(platform, handles),
      // Overlap is symmetric: the same creators in another order are the same question.
      cacheKey: cacheKeyFor('overlap', { platform, creators: [...handles].sort() }),
      ttlMs: deps.config.CACHE_TTL_LIST_HOURS * HOUR_MS,
      call: () => deps.ic.audienceOverlap(request),
    },
    render: (result) =>
      overlapMessage(
        toOverlapReport(result.data, platform, handles),
        { creditsCost: result.creditsCost, fromCache: result.fromCache, shared: result.shared },
        deps.clock(),
      ),
  });
}

export async function overlapCommand(
  deps: ScoutDeps,
  { command, ack, respond }: { command: SlashCommand; ack: Ack; respond: RespondFn },
): Promise<void> {
  const args = parseOverlapArgs(command.text);
  if (args.kind !== 'overlap') {
    const reply = args.kind === 'help' ? overlapHelp() : overlapInputError(args.message);
    await ack({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
    return;
  }
  const what = groupPhrase(args.platform, args.handles);
  await answerCommandFor(command, {
    ack,
    respond,
    log: deps.log,
    loading: `Looking up ${what}…`,
    what,
    work: (who) => overlapAnswer(deps, who, args.platform, args.handles),
  });
}

export const overlap: Feature = {
  name: 'overlap',
  register(app, deps) {
    app.command('/overlap', async ({ command, ack, respond }) => {
      await overlapCommand(deps, { command, ack, respond });
    });
  },
};
