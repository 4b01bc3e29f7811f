import { createHash } from 'node:crypto';
import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  RespondArguments,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from '@slack/bolt';
import { z } from 'zod';
import { type CachedSpendRequest, cacheKeyFor, type LookupResult } from '../src/budget/lookup-cache.ts';
import { normalizeHandle, parseCreatorRef } from '../src/creator-ref.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import {
  AUDIENCE_DATA_PLATFORMS,
  ENRICH_FULL_PLATFORMS,
  PLATFORM_NAMES,
  PLATFORMS,
  type Platform,
  POSTS_PLATFORMS,
  type PostsPlatform,
  supports,
} from '../src/ic/platforms.ts';
import {
  type CreatorProfile,
  type CreatorSummary,
  toCreatorProfile,
  toCreatorSummary,
} from '../src/ic/profile.ts';
import {
  type EnrichFullRequest,
  type PostItem,
  type PostsRequest,
  toBoolean,
  toNumber,
  toText,
} from '../src/ic/schemas.ts';
import { parseLookupArgs } from '../src/slack/command-args.ts';
import { answerAction, answerCommand, withShare } from '../src/slack/respond.ts';
import type { SlackMessage } from '../views/blocks.ts';
import {
  type AudienceSummary,
  type ButtonPrices,
  CREATOR_ACTION,
  creatorCard,
  creatorHelp,
  creatorInputProblem,
  emailCard,
  emailNothingCard,
  type Provenance,
  type RefreshOffer,
  staleButton,
} from '../views/creator.ts';
import { creditsPhrase, escapeMrkdwn, truncate } from '../views/format.ts';
import { type PostSummary, postsPage } from '../views/posts.ts';

/**
 * /creator: the enrichment card for a handle, profile link or email, plus its buttons: Recent posts
 * (and More), Refresh of a cached answer, and "Open card" (`creator_open`) which other features put
 * on their lists. Every paid call goes through `deps.lookups` (cache + single-flight + budget), so
 * the same creator asked again — as @Handle, handle or profile link — costs nothing.
 */

export interface Requester {
  team: string;
  user: string;
}

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const HOUR_MS = 60 * 60 * 1000;
/** A posts cursor outlives the list cache a little: "More" still works on a page just shown. */
const MIN_CURSOR_TTL_MS = HOUR_MS;

/**
 * Cache namespaces: the cached value is the card's compact shape, not the raw answer (full
 * enrichment can be 200+ KB, api-ref#enrich-full), so the name carries a version to bump when that shape changes.
 */
const CACHE = {
  card: 'creator_card_v1',
  emailBasic: 'creator_email_basic_v1',
  emailAdvanced: 'creator_email_advanced_v1',
  posts: 'creator_posts_v1',
} as const;

export function ephemeral(message: SlackMessage): RespondArguments {
  return {
    response_type: 'ephemeral',
    text: message.text,
    ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
  };
}

export function requesterOf(body: BlockButtonAction): Requester {
  return { team: body.team?.id ?? body.user.team_id ?? '', user: body.user.id };
}

export function subjectOf(target: { platform: Platform; handle: string }): string {
  return `@${target.handle} on ${PLATFORM_NAMES[target.platform]}`;
}

export function buttonPrices(deps: ScoutDeps): ButtonPrices {
  const p = deps.guard.prices;
  return { enrichFull: p.enrich_full, socials: p.socials, posts: p.posts };
}

export function provenanceOf(deps: ScoutDeps, result: LookupResult<unknown>, what: string): Provenance {
  return {
    credits: result.creditsCost,
    what,
    fromCache: result.fromCache,
    shared: result.shared,
    now: deps.clock(),
  };
}

/**
 * Runs a cacheable paid lookup. With `refreshedFrom` (the cache time of the answer whose Refresh was
 * clicked) it spends again — unless the cache already holds a newer copy (a second click, or someone
 * else refreshed meanwhile): that copy is shown for free.
 */
export async function runLookup<T>(
  deps: ScoutDeps,
  request: CachedSpendRequest<T>,
  refreshedFrom?: number,
): Promise<LookupResult<T>> {
  if (refreshedFrom === undefined) return deps.lookups.run(request);
  const cached = await deps.lookups.peek<T>(request.cacheKey);
  if (cached && cached.at > refreshedFrom) {
    return { data: cached.data, creditsCost: 0, estimate: 0, fromCache: { at: cached.at }, shared: false };
  }
  return deps.lookups.run({ ...request, refresh: true });
}

// ---------------------------------------------------------------------------------------------
// Button values

/** `{"platform","handle"}`: the value of creator_open, socials_open, similar_open, creator_posts. */
const buttonTargetSchema = z.object({
  platform: z.enum(PLATFORMS),
  handle: z.string().trim().min(1).max(300),
});

function parseJson(value: string | undefined): unknown {
  try {
    return JSON.parse(value ?? '');
  } catch {
    return undefined;
  }
}

/**
 * The creator a button names, in canonical form so it shares cache keys with typed lookups. Other
 * features fill these values from API answers, so a handle our own patterns reject is still used
 * as long as the API could take it (no spaces).
 */
export function buttonTarget(value: string | undefined): { platform: Platform; handle: string } | null {
  const parsed = buttonTargetSchema.safeParse(parseJson(value));
  if (!parsed.success) return null;
  const { platform, handle } = parsed.data;
  const ref = parseCreatorRef(handle, platform);
  if (ref.kind === 'handle') return { platform: ref.platform, handle: ref.handle };
  return /^\S+$/.test(handle) ? { platform, handle: normalizeHandle(platform, handle) } : null;
}

const refreshSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('h'), p: z.enum(PLATFORMS), h: z.string().min(1).max(300), at: z.number() }),
  z.object({ k: z.literal('e'), e: z.string().min(3).max(320), adv: z.boolean(), at: z.number() }),
  z.object({ k: z.literal('p'), c: z.string().min(1).max(100), at: z.number() }),
]);
type RefreshValue = z.infer<typeof refreshSchema>;

function refreshOffer(deps: ScoutDeps, value: RefreshValue, subject: string): RefreshOffer {
  const prices = deps.guard.prices;
  const cost =
    value.k === 'h'
      ? prices.enrich_full
      : value.k === 'e'
        ? value.adv
          ? prices.email_advanced
          : prices.email_basic
        : prices.posts;
  return { actionId: CREATOR_ACTION.refresh, value: JSON.stringify(value), cost, subject };
}

// ---------------------------------------------------------------------------------------------
// Handle lookups (full enrichment, api-ref#enrich-full)

export interface CreatorCardData {
  profile: CreatorProfile;
  audience: AudienceSummary | null;
}

const weightedItem = z.looseObject({
  code: z.unknown().optional().transform(toText),
  name: z.unknown().optional().transform(toText),
  weight: z.unknown().optional().transform(toNumber),
});
const weightedList = z
  .array(z.unknown())
  .catch([])
  .transform((items) =>
    items.flatMap((item) => {
      const parsed = weightedItem.safeParse(item);
      if (!parsed.success || parsed.data.weight === null) return [];
      // Weights are 0–1 (api-ref#full-enrichment-blocks); a 0–100 value is read as a percentage.
      const weight = parsed.data.weight > 1 ? parsed.data.weight / 100 : parsed.data.weight;
      return [{ code: parsed.data.code, name: parsed.data.name, weight }];
    }),
  );
/** The followers slice of a full-enrichment `audience` block (api-ref#enrich-full, api-ref#full-enrichment-blocks). */
const audienceSchema = z.looseObject({
  audience_followers: z
    .looseObject({
      success: z.unknown().optional().transform(toBoolean),
      data: z
        .looseObject({
          audience_geo: z.looseObject({ countries: weightedList.optional() }).optional().catch(undefined),
          audience_genders: weightedList.optional(),
          audience_ages: weightedList.optional(),
        })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

function largest<T extends { weight: number }>(items: readonly T[] | undefined): T | null {
  return (items ?? []).reduce<T | null>(
    (best, item) => (best === null || item.weight > best.weight ? item : best),
    null,
  );
}

/** "25-34" → "25–34", "65-" → "65+". */
function ageBand(code: string): string {
  return code.endsWith('-') ? `${code.slice(0, -1)}+` : code.replace('-', '–');
}

/**
 * Top country, gender split and main age band of a creator's followers, or null when the answer has
 * no usable audience (only IG/TT/YT carry one; a failed slice says `success: false`, api-ref#enrich-full).
 */
export function audienceSummaryOf(result: unknown, platform: Platform): AudienceSummary | null {
  const block = (result as Record<string, unknown> | null | undefined)?.[platform];
  const audience = (block as Record<string, unknown> | undefined)?.audience;
  const parsed = audienceSchema.safeParse(audience);
  if (!parsed.success) return null;
  const slice = parsed.data.audience_followers;
  if (!slice || slice.success === false || !slice.data) return null;
  const { data } = slice;
  const country = largest(data.audience_geo?.countries);
  const genders = data.audience_genders ?? [];
  const share = (code: string) => genders.find((g) => g.code?.toUpperCase() === code)?.weight ?? null;
  const age = largest(data.audience_ages);
  const summary: AudienceSummary = {
    topCountry:
      country && (country.name ?? country.code)
        ? { name: (country.name ?? country.code)!, share: country.weight }
        : null,
    female: share('FEMALE'),
    male: share('MALE'),
    age: age?.code ? { band: ageBand(age.code), share: age.weight } : null,
  };
  const empty = !summary.topCountry && summary.female === null && summary.male === null && !summary.age;
  return empty ? null : summary;
}

export function lookUpCreator(
  deps: ScoutDeps,
  who: Requester,
  target: { platform: Platform; handle: string },
  refreshedFrom?: number,
): Promise<LookupResult<CreatorCardData>> {
  const request: EnrichFullRequest = {
    platform: target.platform,
    handle: target.handle,
    email_required: 'preferred',
    // Lookalikes are /similar's job; audience data costs nothing extra where it exists (api-ref#enrich-full).
    include_lookalikes: false,
    include_audience_data: supports(AUDIENCE_DATA_PLATFORMS, target.platform),
  };
  return runLookup(
    deps,
    {
      team: who.team,
      user: who.user,
      feature: 'creator',
      operation: 'enrich_full',
      params: request,
      summary: `${subjectOf(target)} (full enrichment)`,
      cacheKey: cacheKeyFor(CACHE.card, request),
      ttlMs: deps.config.CACHE_TTL_ENRICHMENT_HOURS * HOUR_MS,
      call: async () => {
        const { data, creditsCost } = await deps.ic.enrichHandleFull(request);
        return {
          data: {
            profile: toCreatorProfile(data, target.platform),
            audience: audienceSummaryOf(data.result, target.platform),
          },
          creditsCost,
        };
      },
    },
    refreshedFrom,
  );
}

export async function creatorCardMessage(
  deps: ScoutDeps,
  who: Requester,
  target: { platform: Platform; handle: string },
  refreshedFrom?: number,
): Promise<SlackMessage> {
  const result = await lookUpCreator(deps, who, target, refreshedFrom);
  const refresh: RefreshValue = {
    k: 'h',
    p: target.platform,
    h: target.handle,
    at: result.fromCache?.at ?? 0,
  };
  const card = creatorCard({
    profile: result.data.profile,
    audience: result.data.audience,
    asked: target,
    provenance: provenanceOf(deps, result, 'full enrichment'),
    prices: buttonPrices(deps),
    refresh: result.fromCache ? refreshOffer(deps, refresh, subjectOf(target)) : null,
  });
  return withShare(deps.store, card);
}

// ---------------------------------------------------------------------------------------------
// Email lookups (api-ref#email-basic basic, api-ref#email-advanced advanced)

export interface EmailAnswer {
  /** Advanced: the strongest platform's full profile, when the answer has platform blocks. */
  profile: CreatorProfile | null;
  /** Basic (or an advanced answer without platform blocks): the account found. */
  account: CreatorSummary | null;
}

/** The strongest platform block of an advanced answer, whose shape is unknown (api-ref#email-advanced). */
function strongestProfile(result: unknown): CreatorProfile | null {
  const top = result !== null && typeof result === 'object' ? (result as Record<string, unknown>) : {};
  const profiles = PLATFORMS.filter((p) => top[p] !== null && typeof top[p] === 'object').map((p) =>
    toCreatorProfile(top, p),
  );
  return profiles.reduce<CreatorProfile | null>(
    (best, p) => (best === null || (p.followers ?? -1) > (best.followers ?? -1) ? p : best),
    null,
  );
}

function emailWhat(advanced: boolean): string {
  return advanced ? 'advanced email enrichment' : 'basic email lookup';
}

export function lookUpEmail(
  deps: ScoutDeps,
  who: Requester,
  email: string,
  advanced: boolean,
  refreshedFrom?: number,
): Promise<LookupResult<EmailAnswer>> {
  const request = { email };
  const common = {
    team: who.team,
    user: who.user,
    feature: 'email' as const,
    params: request,
    summary: `${email} (${emailWhat(advanced)})`,
    ttlMs: deps.config.CACHE_TTL_ENRICHMENT_HOURS * HOUR_MS,
  };
  if (advanced) {
    return runLookup(
      deps,
      {
        ...common,
        operation: 'email_advanced',
        cacheKey: cacheKeyFor(CACHE.emailAdvanced, request),
        call: async () => {
          const { data, creditsCost } = await deps.ic.enrichEmailAdvanced(request);
          const profile = strongestProfile(data.result);
          return {
            data: { profile, account: profile ? null : toCreatorSummary(data.result) },
            creditsCost,
          };
        },
      },
      refreshedFrom,
    );
  }
  return runLookup(
    deps,
    {
      ...common,
      operation: 'email_basic',
      cacheKey: cacheKeyFor(CACHE.emailBasic, request),
      call: async () => {
        const { data, creditsCost } = await deps.ic.enrichEmailBasic(request);
        return { data: { profile: null, account: toCreatorSummary(data.result) }, creditsCost };
      },
    },
    refreshedFrom,
  );
}

export async function emailMessage(
  deps: ScoutDeps,
  who: Requester,
  email: string,
  advanced: boolean,
  refreshedFrom?: number,
): Promise<SlackMessage> {
  const result = await lookUpEmail(deps, who, email, advanced, refreshedFrom);
  const provenance = provenanceOf(deps, result, emailWhat(advanced));
  const value: RefreshValue = { k: 'e', e: email, adv: advanced, at: result.fromCache?.at ?? 0 };
  const refresh = result.fromCache ? refreshOffer(deps, value, `${email} (${emailWhat(advanced)})`) : null;
  const { profile, account } = result.data;
  const handle = profile?.handle ?? profile?.userId ?? null;
  let message: SlackMessage;
  if (profile && handle) {
    message = creatorCard({
      profile,
      audience: null,
      asked: { platform: profile.platform, handle },
      provenance,
      prices: buttonPrices(deps),
      refresh,
      email,
    });
  } else if (account && (account.handle || account.platform)) {
    message = emailCard({ email, account, provenance, prices: buttonPrices(deps), refresh });
  } else {
    message = emailNothingCard({ email, provenance, refresh });
  }
  return withShare(deps.store, message);
}

// ---------------------------------------------------------------------------------------------
// Recent posts (api-ref#posts)

/** Where one page of posts starts: kept in the store, the button holds its short id. */
export interface PostsCursor {
  platform: PostsPlatform;
  handle: string;
  /** The API's `next_token` that leads here; null for the first page. */
  token: string | null;
  /** 1-based. */
  page: number;
}

const cursorSchema = z.object({
  platform: z.enum(POSTS_PLATFORMS),
  handle: z.string().min(1),
  token: z.string().min(1).nullable(),
  page: z.number().int().min(1),
});

export interface PostsAnswer {
  posts: PostSummary[];
  /** Null on the last page. */
  nextToken: string | null;
}

function cursorKey(id: string): string {
  return `creator:posts-cursor:${id}`;
}

/** Stores a cursor under a short id derived from it, so the same page always gets the same id. */
export async function saveCursor(deps: ScoutDeps, cursor: PostsCursor): Promise<string> {
  const id = createHash('sha256')
    .update(`${cursor.platform}\n${cursor.handle}\n${cursor.token ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
  const ttl = Math.max(MIN_CURSOR_TTL_MS, deps.config.CACHE_TTL_LIST_HOURS * HOUR_MS);
  await deps.store.kv.set(cursorKey(id), cursor, ttl);
  return id;
}

export async function loadCursor(deps: ScoutDeps, id: string | undefined): Promise<PostsCursor | null> {
  if (!id || !/^[A-Za-z0-9_-]{1,100}$/.test(id)) return null;
  const parsed = cursorSchema.safeParse(await deps.store.kv.get(cursorKey(id)));
  return parsed.success ? parsed.data : null;
}

function toPostSummary(item: PostItem): PostSummary {
  const taken = item.taken_at;
  return {
    id: item.pk,
    // Epoch seconds per api-ref#posts; milliseconds are tolerated.
    takenAt: taken === null ? null : taken > 1e12 ? Math.round(taken / 1000) : taken,
    url: item.url,
    caption: item.caption === null ? null : truncate(item.caption, 500),
    likes: item.engagement?.likes ?? null,
    comments: item.engagement?.comments ?? null,
    views: item.engagement?.views ?? null,
  };
}

function postsSubject(cursor: PostsCursor): string {
  return `the recent posts of ${subjectOf(cursor)}`;
}

export function lookUpPosts(
  deps: ScoutDeps,
  who: Requester,
  cursor: PostsCursor,
  refreshedFrom?: number,
): Promise<LookupResult<PostsAnswer>> {
  // No `count`: Instagram refuses anything but its fixed 12, the others default to 30 (api-ref#posts).
  const request: PostsRequest = {
    platform: cursor.platform,
    handle: cursor.handle,
    ...(cursor.token ? { pagination_token: cursor.token } : {}),
  };
  return runLookup(
    deps,
    {
      team: who.team,
      user: who.user,
      feature: 'posts',
      operation: 'posts',
      params: request,
      summary: `${subjectOf(cursor)} (recent posts, page ${cursor.page})`,
      cacheKey: cacheKeyFor(CACHE.posts, {
        platform: cursor.platform,
        handle: cursor.handle,
        token: cursor.token,
      }),
      ttlMs: deps.config.CACHE_TTL_LIST_HOURS * HOUR_MS,
      call: async () => {
        const { data, creditsCost } = await deps.ic.creatorPosts(request);
        const page = data.result;
        // Stop when more_available is false or next_token is null (api-ref#posts).
        const next = page?.more_available !== false && page?.next_token ? page.next_token : null;
        return { data: { posts: (page?.items ?? []).map(toPostSummary), nextToken: next }, creditsCost };
      },
    },
    refreshedFrom,
  );
}

export async function postsMessage(
  deps: ScoutDeps,
  who: Requester,
  cursorId: string,
  cursor: PostsCursor,
  refreshedFrom?: number,
): Promise<SlackMessage> {
  const result = await lookUpPosts(deps, who, cursor, refreshedFrom);
  const next = result.data.nextToken;
  const moreValue = next ? await saveCursor(deps, { ...cursor, token: next, page: cursor.page + 1 }) : null;
  const value: RefreshValue = { k: 'p', c: cursorId, at: result.fromCache?.at ?? 0 };
  const page = postsPage({
    platform: cursor.platform,
    handle: cursor.handle,
    page: cursor.page,
    posts: result.data.posts,
    moreValue,
    provenance: provenanceOf(deps, result, `recent posts, page ${cursor.page}`),
    refresh: result.fromCache ? refreshOffer(deps, value, postsSubject(cursor)) : null,
    pageCost: deps.guard.prices.posts,
  });
  return withShare(deps.store, page);
}

const POSTS_ONLY = `:information_source: Recent posts are available for ${POSTS_PLATFORMS.map((p) => PLATFORM_NAMES[p]).join(', ')} only. Nothing was charged.`;
const CURSOR_GONE =
  ':hourglass: These posts are too old to page through. Click "Recent posts" on the creator card again. Nothing was charged.';

// ---------------------------------------------------------------------------------------------
// Slack listeners

function loadingFor(subject: string): string {
  return `Looking up ${escapeMrkdwn(subject)}…`;
}

export function creatorCommand(deps: ScoutDeps) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    const args = parseLookupArgs(command.text, {
      platforms: ENRICH_FULL_PLATFORMS,
      allowEmail: true,
      keywords: ['advanced'],
    });
    if (args.kind === 'help') {
      const p = deps.guard.prices;
      await ack(
        ephemeral(
          creatorHelp({
            enrichFull: p.enrich_full,
            emailBasic: p.email_basic,
            emailAdvanced: p.email_advanced,
          }),
        ),
      );
      return;
    }
    if (args.kind === 'error') {
      await ack(ephemeral(creatorInputProblem(args.message)));
      return;
    }
    const who = { team: command.team_id, user: command.user_id };
    const advanced = args.keywords.includes('advanced');
    const { ref } = args;
    if (ref.kind === 'email') {
      const price = advanced ? deps.guard.prices.email_advanced : deps.guard.prices.email_basic;
      await answerCommand({
        ack,
        respond,
        log: deps.log,
        loading: advanced
          ? `Looking up ${escapeMrkdwn(ref.email)} with advanced email enrichment (${creditsPhrase(price)})…`
          : loadingFor(ref.email),
        what: `${ref.email} (${emailWhat(advanced)})`,
        work: () => emailMessage(deps, who, ref.email, advanced),
      });
      return;
    }
    if (advanced) {
      await ack(
        ephemeral(
          creatorInputProblem(
            'The word "advanced" is for email lookups; a handle lookup always gives the full profile.',
          ),
        ),
      );
      return;
    }
    const target = { platform: ref.platform, handle: ref.handle };
    await answerCommand({
      ack,
      respond,
      log: deps.log,
      loading: loadingFor(subjectOf(target)),
      what: subjectOf(target),
      work: () => creatorCardMessage(deps, who, target),
    });
  };
}

/** `creator_open` (similar/discover lists, socials, email cards): the card as a new message. */
export function openCreatorAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    const target = buttonTarget(action.value);
    await answerAction({
      ack,
      respond,
      log: deps.log,
      replace: false,
      what: target ? subjectOf(target) : 'this creator',
      work: async () =>
        target ? creatorCardMessage(deps, requesterOf(body), target) : staleButton('/creator'),
    });
  };
}

/** `creator_posts`: the first page of a creator's recent posts, as a new message under the card. */
export function recentPostsAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    const target = buttonTarget(action.value);
    await answerAction({
      ack,
      respond,
      log: deps.log,
      replace: false,
      what: target ? `the recent posts of ${subjectOf(target)}` : 'recent posts',
      work: async () => {
        if (!target) return staleButton('/creator');
        if (!supports(POSTS_PLATFORMS, target.platform)) return { text: POSTS_ONLY, blocks: [] };
        const cursor: PostsCursor = {
          platform: target.platform,
          handle: target.handle,
          token: null,
          page: 1,
        };
        return postsMessage(deps, requesterOf(body), await saveCursor(deps, cursor), cursor);
      },
    });
  };
}

/** `creator_posts_more`: the next page, in place of the one shown. */
export function morePostsAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    await answerAction({
      ack,
      respond,
      log: deps.log,
      replace: true,
      what: 'the next page of posts',
      work: async () => {
        const cursor = await loadCursor(deps, action.value);
        return cursor
          ? postsMessage(deps, requesterOf(body), action.value ?? '', cursor)
          : { text: CURSOR_GONE, blocks: [] };
      },
    });
  };
}

/** `creator_refresh`: spend again on a cached answer (the button's confirm dialog named the cost). */
export function refreshAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    const parsed = refreshSchema.safeParse(parseJson(action.value));
    const value = parsed.success ? parsed.data : null;
    const who = requesterOf(body);
    let what = 'the refresh';
    let work: () => Promise<SlackMessage> = async () => staleButton('/creator');
    if (value?.k === 'h') {
      const target = buttonTarget(JSON.stringify({ platform: value.p, handle: value.h }));
      if (target) {
        what = subjectOf(target);
        work = () => creatorCardMessage(deps, who, target, value.at);
      }
    } else if (value?.k === 'e') {
      const ref = parseCreatorRef(value.e);
      if (ref.kind === 'email') {
        what = `${ref.email} (${emailWhat(value.adv)})`;
        work = () => emailMessage(deps, who, ref.email, value.adv, value.at);
      }
    } else if (value?.k === 'p') {
      what = 'the recent posts';
      work = async () => {
        const cursor = await loadCursor(deps, value.c);
        return cursor
          ? postsMessage(deps, who, value.c, cursor, value.at)
          : { text: CURSOR_GONE, blocks: [] };
      };
    }
    await answerAction({ ack, respond, log: deps.log, replace: true, what, work });
  };
}

export const creator: Feature = {
  name: 'creator',
  register(app, deps) {
    app.command('/creator', creatorCommand(deps));
    app.action<BlockButtonAction>(CREATOR_ACTION.open, openCreatorAction(deps));
    app.action<BlockButtonAction>(CREATOR_ACTION.posts, recentPostsAction(deps));
    app.action<BlockButtonAction>(CREATOR_ACTION.postsMore, morePostsAction(deps));
    app.action<BlockButtonAction>(CREATOR_ACTION.refresh, refreshAction(deps));
  },
};
