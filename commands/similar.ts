import type { BlockButtonAction, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import { z } from 'zod';
import { cacheKeyFor } from '../src/budget/lookup-cache.ts';
import { handleProblem, isYoutubeChannelId, normalizeHandle } from '../src/creator-ref.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import {
  isPlatform,
  PLATFORM_NAMES,
  PLATFORMS,
  SIMILAR_PLATFORMS,
  type SimilarPlatform,
  supports,
} from '../src/ic/platforms.ts';
import { toCreatorSummary } from '../src/ic/profile.ts';
import type { SimilarRequest } from '../src/ic/schemas.ts';
import { excludeSetFor } from '../src/shortlists/exclusions.ts';
import { parseLookupArgs } from '../src/slack/command-args.ts';
import { answerActionFor, answerCommandFor, type Requester } from '../src/slack/respond.ts';
import type { SlackMessage } from '../views/blocks.ts';
import {
  SIMILAR_LAST_PAGE,
  SIMILAR_OPEN_ACTION,
  SIMILAR_PAGE_ACTION_PATTERN,
  SIMILAR_PAGE_SIZE,
  similarHelp,
  similarInputError,
  similarPage,
} from '../views/similar.ts';
import { HOUR_MS, lookupCard, subjectOf } from './creator/card-flow.ts';

/**
 * `/similar <handle|URL> [platform]`: lookalike creators, 10 per page, with Previous/Next buttons
 * that replace the same message. Every page is a paid call (0.01 credit per creator returned,
 * api-ref#credits), so pages are cached per normalised request: paging back, or asking again, is free.
 */

type Ack = (response?: string | RespondArguments) => Promise<void>;

export type SimilarArgs =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'similar'; platform: SimilarPlatform; handle: string };

const SUPPORTED_NAMES = SIMILAR_PLATFORMS.map((p) => PLATFORM_NAMES[p]).join(', ');

function unsupported(platform: string): string {
  const name = isPlatform(platform) ? PLATFORM_NAMES[platform] : platform;
  return `Influencers Club has no lookalike search for ${name}. /similar works on ${SUPPORTED_NAMES}.`;
}

/** What the user typed after /similar. Any platform is read, so an unsupported one is named as such. */
export function parseSimilarArgs(text: string): SimilarArgs {
  const args = parseLookupArgs(text, { platforms: PLATFORMS });
  if (args.kind !== 'lookup') return args;
  const ref = args.ref;
  if (ref.kind !== 'handle')
    return { kind: 'error', message: '/similar needs a handle or profile link, not an email.' };
  if (!supports(SIMILAR_PLATFORMS, ref.platform))
    return { kind: 'error', message: unsupported(ref.platform) };
  return { kind: 'similar', platform: ref.platform, handle: ref.handle };
}

/** The request for one page (0-based, api-ref#pagination). YouTube channel ids go as `id`, everything else as `username`. */
export function similarRequest(
  platform: SimilarPlatform,
  handle: string,
  page: number,
  exclude: readonly string[] = [],
): SimilarRequest {
  return {
    platform,
    filter_key: platform === 'youtube' && isYoutubeChannelId(handle) ? 'id' : 'username',
    filter_value: handle,
    paging: { limit: SIMILAR_PAGE_SIZE, page },
    // creators the workspace already contacted: no paid result is spent on them (api-ref#exclusion-lists)
    ...(exclude.length > 0 ? { filters: { exclude_handles: [...exclude] } } : {}),
  };
}

/** One page of lookalikes, through the cache and the budget; with "Share in channel". */
export async function similarAnswer(
  deps: ScoutDeps,
  who: Requester,
  platform: SimilarPlatform,
  handle: string,
  page: number,
): Promise<SlackMessage> {
  const excluded = await excludeSetFor(deps.store, who.team, platform);
  const request = similarRequest(platform, handle, page, excluded.send);
  return lookupCard(deps, who, {
    request: {
      feature: 'similar',
      operation: 'similar',
      params: request,
      summary: `lookalikes of ${subjectOf({ platform, handle })}, page ${page + 1}`,
      cacheKey: cacheKeyFor('similar', request),
      ttlMs: deps.config.CACHE_TTL_LIST_HOURS * HOUR_MS,
      call: () => deps.ic.similarCreators(request),
    },
    render: (result) =>
      similarPage({
        platform,
        handle,
        page,
        total: result.data.total,
        creators: result.data.accounts.map((account) => toCreatorSummary(account, platform)),
        cost: { creditsCost: result.creditsCost, fromCache: result.fromCache, shared: result.shared },
        now: deps.clock(),
        vetting: { marks: excluded.marks, notSent: excluded.notSent, now: deps.clock() },
      }),
  });
}

export async function similarCommand(
  deps: ScoutDeps,
  { command, ack, respond }: { command: SlashCommand; ack: Ack; respond: RespondFn },
): Promise<void> {
  const args = parseSimilarArgs(command.text);
  if (args.kind !== 'similar') {
    const reply = args.kind === 'help' ? similarHelp() : similarInputError(args.message);
    await ack({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
    return;
  }
  const seed = subjectOf(args);
  await answerCommandFor(command, {
    ack,
    respond,
    log: deps.log,
    loading: `Looking up creators like ${seed}…`,
    what: `lookalikes of ${seed}`,
    work: (who) => similarAnswer(deps, who, args.platform, args.handle, 0),
  });
}

const pageValueSchema = z.object({
  platform: z.string().max(40),
  handle: z.string().min(1).max(300),
  page: z.number().int().min(0).max(SIMILAR_LAST_PAGE).default(0),
});

type ButtonTarget =
  | { kind: 'page'; platform: SimilarPlatform; handle: string; page: number }
  | { kind: 'error'; message: string };

/** A Previous/Next or "Similar" button's value, checked as carefully as typed input. */
export function parseSimilarButton(
  value: string | undefined,
  options: { firstPage?: boolean } = {},
): ButtonTarget {
  let json: unknown;
  try {
    json = JSON.parse(value ?? '');
  } catch {
    json = null;
  }
  const parsed = pageValueSchema.safeParse(json);
  if (!parsed.success) return { kind: 'error', message: 'That button is out of date. Run /similar again.' };
  const { platform, page } = parsed.data;
  if (!isPlatform(platform) || !supports(SIMILAR_PLATFORMS, platform))
    return { kind: 'error', message: unsupported(platform) };
  const handle = normalizeHandle(platform, parsed.data.handle);
  const problem = handleProblem(platform, handle);
  if (problem !== null) return { kind: 'error', message: problem };
  return { kind: 'page', platform, handle, page: options.firstPage ? 0 : page };
}

export async function similarButton(
  deps: ScoutDeps,
  {
    ack,
    action,
    body,
    respond,
  }: {
    ack: () => Promise<void>;
    action: BlockButtonAction['actions'][number];
    body: BlockButtonAction;
    respond: RespondFn;
  },
  replace: boolean,
): Promise<void> {
  // A new message (the card's "Similar" button) always starts at the first page.
  const target = parseSimilarButton(action.value, { firstPage: !replace });
  await answerActionFor(body, {
    ack,
    respond,
    log: deps.log,
    replace,
    what: target.kind === 'page' ? `lookalikes of ${subjectOf(target)}` : 'lookalikes',
    work: async (who) =>
      target.kind === 'page'
        ? similarAnswer(deps, who, target.platform, target.handle, target.page)
        : similarInputError(target.message),
  });
}

export const similar: Feature = {
  name: 'similar',
  register(app, deps) {
    app.command('/similar', async ({ command, ack, respond }) => {
      await similarCommand(deps, { command, ack, respond });
    });
    // Previous/Next replace the page in place; a page seen before comes from the cache for free.
    app.action<BlockButtonAction>(SIMILAR_PAGE_ACTION_PATTERN, async ({ ack, action, body, respond }) => {
      await similarButton(deps, { ack, action, body, respond }, true);
    });
    // "Similar" on a creator card: the first page as a new message under the card.
    app.action<BlockButtonAction>(SIMILAR_OPEN_ACTION, async ({ ack, action, body, respond }) => {
      await similarButton(deps, { ack, action, body, respond }, false);
    });
  },
};
