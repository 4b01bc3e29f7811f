import { randomUUID } from 'node:crypto';
import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  BlockStaticSelectAction,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { cacheKeyFor } from '../src/budget/lookup-cache.ts';
import { filterById } from '../src/discovery/catalog.ts';
import { Dictionaries, resolveFormValues } from '../src/discovery/dictionaries.ts';
import {
  discoveryCsv,
  EXPORT_PAGE_SIZE,
  exportChoices,
  exportReservation,
  runExport,
} from '../src/discovery/export.ts';
import { ACTION, BLOCK, formFromCommand, readForm, switchPlatform } from '../src/discovery/form.ts';
import { buildSearch, pageRequest, RESULTS_PAGE_SIZE } from '../src/discovery/request.ts';
import { toDiscoveryRows } from '../src/discovery/results.ts';
import {
  loadSearch,
  parseButtonValue,
  type SavedSearch,
  saveSearch,
} from '../src/discovery/saved-searches.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { DISCOVERY_PLATFORMS, type DiscoveryPlatform, supports } from '../src/ic/platforms.ts';
import { shareButton } from '../src/slack/respond.ts';
import { openModal, updateModal } from '../src/slack/views.ts';
import { actions, type SlackBlock, type SlackMessage } from '../views/blocks.ts';
import {
  type BudgetLine,
  DISCOVER_CALLBACK,
  discoverModal,
  EXPORT_CALLBACK,
  EXPORT_COUNT_BLOCK,
  exportModal,
} from '../views/discover.ts';
import {
  discoveryResults,
  EXPORT_ACTION,
  exportComment,
  exportFinishedText,
  exportProgressText,
  exportStartedText,
  NEXT_ACTION,
  PREVIOUS_ACTION,
  resultsForSharing,
} from '../views/discover-results.ts';
import { describeFailure } from '../views/errors.ts';
import { creditsPhrase, formatCredits } from '../views/format.ts';

/**
 * /discover: a search modal with each platform's filters and dictionary type-ahead, results pages
 * posted where the command was typed, Next/Previous over a saved search, and CSV export into a
 * thread.
 *
 * Where results go: a view_submission carries no response_url (only `response_url_enabled` on a
 * conversations select would add one), so the modal's private_metadata keeps the channel and the
 * command's own response_url with the time it was issued. Results are posted through that
 * response_url while it is valid (30 minutes, 5 uses) — it works in any channel, even one Scout has
 * not joined — then through chat.postEphemeral (needs Scout in the channel), then as a DM.
 * Next/Previous replace the page through the button's own response_url.
 */

const HELP = [
  '*/discover* opens a search form: describe the creators you want and/or pick filters (followers, engagement, location, language, brands, audience…), then *Search*.',
  'Examples: `/discover vegan recipe creators in Berlin` · `/discover tiktok home workout coaches` · `/discover youtube`',
  'Each creator returned costs 0.01 credits (10 per page); a page already fetched is shown again from Scout’s cache for free.',
].join('\n');

const EXPIRED =
  ':hourglass: This search has expired (searches are kept for 7 days). Run `/discover` again to search afresh.';

const NOT_IN_CHANNEL =
  ':warning: Scout is not a member of this channel, so it cannot post the export here. Invite it with `/invite @Scout` and try again, or export from a channel Scout is in. Nothing was charged.';

/** response_url is valid for 30 minutes; leave a margin. */
const RESPONSE_URL_MAX_AGE_MS = 29 * 60 * 1000;
const EXPORT_LEASE_MS = 30 * 60 * 1000;
const BUDGET_READ_DEADLINE_MS = 500;

// ---- private_metadata (parsed at the boundary: it round-trips through Slack)

const searchMetaSchema = z.object({
  c: z.string().min(1),
  u: z.string().url().optional(),
  t: z.number(),
  p: z.enum(DISCOVERY_PLATFORMS),
});
type SearchMeta = z.infer<typeof searchMetaSchema>;

const exportMetaSchema = z.object({
  q: z.string().min(1),
  c: z.string().min(1),
  u: z.string().url().optional(),
  t: z.number(),
  n: z.number().int().nonnegative(),
});
type ExportMeta = z.infer<typeof exportMetaSchema>;

function parseMeta<S extends z.ZodType>(schema: S, text: string | undefined): z.output<S> | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const exportCountSchema = z.record(
  z.string(),
  z.record(z.string(), z.looseObject({ selected_option: z.looseObject({ value: z.string() }).nullish() })),
);

// ---- Slack helpers

/** A Slack Web API error code (`not_in_channel`…), if that is what `error` is. */
function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

interface ReplyTarget {
  channel: string;
  user: string;
  /** A response_url and when it was issued. */
  responseUrl?: string | undefined;
  issuedAt: number;
}

async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Show `message` to the user only, in the channel they were in (see the module comment). */
async function tellUser(deps: ScoutDeps, client: WebClient, target: ReplyTarget, message: SlackMessage) {
  const blocks = message.blocks.length ? { blocks: message.blocks } : {};
  if (target.responseUrl && deps.clock() - target.issuedAt < RESPONSE_URL_MAX_AGE_MS) {
    const body = { response_type: 'ephemeral', replace_original: false, text: message.text, ...blocks };
    if (await postToResponseUrl(target.responseUrl, body)) return;
  }
  try {
    await client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      text: message.text,
      ...blocks,
    });
    return;
  } catch (error) {
    deps.log.info(
      { err: error, code: slackErrorCode(error) },
      'discover: ephemeral post failed, sending a DM',
    );
  }
  try {
    await client.chat.postMessage({ channel: target.user, text: message.text, ...blocks });
  } catch (error) {
    deps.log.warn({ err: error }, 'discover: could not deliver a message to the user');
  }
}

async function budgetLine(deps: ScoutDeps, team: string): Promise<BudgetLine | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), BUDGET_READ_DEADLINE_MS);
  });
  try {
    return await Promise.race([
      deps.guard
        .status(team)
        .then((s) => ({ remaining: s.remaining, limit: s.limit }))
        .catch(() => null),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function textOnly(text: string): SlackMessage {
  return { text, blocks: [] };
}

// ---- results

/**
 * One page of a saved search, through the budget guard and the paid-answer cache: a page already
 * fetched (Previous, a second click, a colleague's identical search) is free for CACHE_TTL_LIST_HOURS.
 */
async function resultsPage(
  deps: ScoutDeps,
  request: { team: string; user: string; searchId: string; search: SavedSearch; page: number },
): Promise<SlackMessage> {
  const { team, user, searchId, search, page } = request;
  const body = pageRequest(search.query, page, RESULTS_PAGE_SIZE);
  try {
    const result = await deps.lookups.run({
      team,
      user,
      feature: 'discover',
      operation: 'discovery',
      params: body,
      summary: page === 0 ? search.summary : `${search.summary} (page ${page + 1})`,
      cacheKey: cacheKeyFor('discovery', body),
      ttlMs: deps.config.CACHE_TTL_LIST_HOURS * 60 * 60 * 1000,
      call: () => deps.ic.discover(body),
    });
    const budget = await budgetLine(deps, team);
    const message = discoveryResults({
      searchId,
      summary: search.summary,
      platform: search.query.platform,
      page,
      pageSize: RESULTS_PAGE_SIZE,
      total: result.data.total ?? result.data.accounts.length,
      rows: toDiscoveryRows(result.data.accounts, search.query.platform, page * RESULTS_PAGE_SIZE + 1),
      cost: { credits: result.creditsCost, fromCache: result.fromCache },
      pricePerCreator: deps.ic.prices.discovery_per_creator,
      budget,
      now: deps.clock(),
    });
    if (result.data.accounts.length === 0) return message;
    return withShareInNav(deps, message);
  } catch (error) {
    const failure = describeFailure(error, 'the discovery search');
    if (failure.charged === 'maybe') deps.log.error({ err: error }, 'discovery search failed');
    else deps.log.info({ err: error }, 'discovery search refused or failed');
    return textOnly(failure.text);
  }
}

/** "Share in channel" posts a copy without the Enrich and paging buttons. */
async function withShareInNav(deps: ScoutDeps, message: SlackMessage): Promise<SlackMessage> {
  const share = await shareButton(deps.store, resultsForSharing(message));
  const blocks: SlackBlock[] = [...message.blocks];
  const last = blocks.at(-1);
  if (last?.type === 'actions' && 'elements' in last && Array.isArray(last.elements)) {
    blocks[blocks.length - 1] = { ...last, elements: [...last.elements, share] } as SlackBlock;
  } else {
    blocks.push(actions([share]));
  }
  return { text: message.text, blocks };
}

// ---- export

async function exportIntoThread(
  deps: ScoutDeps,
  client: WebClient,
  job: { team: string; user: string; searchId: string; search: SavedSearch; count: number; meta: ExportMeta },
): Promise<void> {
  const { team, user, search, count, meta } = job;
  const target: ReplyTarget = { channel: meta.c, user, responseUrl: meta.u, issuedAt: meta.t };
  // One export of the same search and size at a time: a double click never pays twice.
  const lease = `discover:export:${team}:${job.searchId}:${count}`;
  const owner = randomUUID();
  if (!(await deps.store.atomic.acquireLease(lease, owner, EXPORT_LEASE_MS))) {
    await tellUser(
      deps,
      client,
      target,
      textOnly(':hourglass: This export is already running; the file will appear in its thread.'),
    );
    return;
  }
  const thread: { channel?: string; ts?: string } = {};
  try {
    let outcome: Awaited<ReturnType<typeof runExport>>;
    try {
      outcome = await runExport({
        guard: deps.guard,
        ic: deps.ic,
        team,
        user,
        query: search.query,
        count,
        summary: search.summary,
        start: async () => {
          const posted = await client.chat.postMessage({
            channel: meta.c,
            text: exportStartedText(user, search.summary, count),
          });
          thread.channel = posted.channel ?? meta.c;
          thread.ts = posted.ts;
        },
        onPage: async (fetched) => {
          // chat.update is Tier 3 (about 50 a minute): every 10 pages is plenty for a progress line.
          if (!thread.ts || fetched % (EXPORT_PAGE_SIZE * 10) !== 0) return;
          await client.chat.update({
            channel: thread.channel ?? meta.c,
            ts: thread.ts,
            text: exportProgressText(user, search.summary, fetched, count),
          });
        },
      });
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived') {
        await tellUser(deps, client, target, textOnly(NOT_IN_CHANNEL));
      } else {
        deps.log.warn({ err: error, code }, 'discovery export not started');
        await tellUser(deps, client, target, textOnly(describeFailure(error, 'the export').text));
      }
      return;
    }
    const channel = thread.channel ?? meta.c;
    const failure = outcome.failure
      ? describeFailure(
          outcome.failure,
          `page ${Math.floor(outcome.rows.length / EXPORT_PAGE_SIZE) + 1} of the export`,
        ).text
      : null;
    if (outcome.failure) deps.log.warn({ err: outcome.failure }, 'discovery export stopped early');
    const comment = exportComment({
      exported: outcome.rows.length,
      requested: count,
      spent: outcome.spent,
      uncertain: outcome.uncertain,
      failure,
    });
    if (outcome.rows.length === 0) {
      await postInThread(
        deps,
        client,
        channel,
        thread.ts,
        failure ?? ':mag: No creators matched, so there is nothing to export. Nothing was charged.',
      );
    } else {
      const csv = await discoveryCsv(outcome.rows);
      const date = new Date(deps.clock()).toISOString().slice(0, 10);
      try {
        await client.filesUploadV2({
          channel_id: channel,
          ...(thread.ts ? { thread_ts: thread.ts } : {}),
          file: csv,
          filename: `scout-discovery-${search.query.platform}-${date}.csv`,
          title: `Discovery export: ${search.summary}`.slice(0, 250),
          initial_comment: comment,
        } as Parameters<WebClient['filesUploadV2']>[0]);
      } catch (error) {
        deps.log.warn({ err: error, code: slackErrorCode(error) }, 'discovery export upload failed');
        await postInThread(
          deps,
          client,
          channel,
          thread.ts,
          `:warning: Scout fetched ${outcome.rows.length} creators (${creditsPhrase(outcome.spent)} spent) but Slack refused the file upload (${slackErrorCode(error) ?? 'error'}). Run the export again in a few minutes; the search itself is saved.`,
        );
      }
    }
    if (thread.ts) {
      await client.chat
        .update({
          channel,
          ts: thread.ts,
          text: exportFinishedText(
            user,
            search.summary,
            outcome.rows.length,
            outcome.spent,
            !outcome.failure,
          ),
        })
        .catch((error: unknown) =>
          deps.log.info({ err: error }, 'discovery export: could not update the message'),
        );
    }
  } finally {
    await deps.store.atomic.releaseLease(lease, owner).catch(() => false);
  }
}

async function postInThread(
  deps: ScoutDeps,
  client: WebClient,
  channel: string,
  threadTs: string | undefined,
  text: string,
): Promise<void> {
  try {
    await client.chat.postMessage({ channel, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  } catch (error) {
    deps.log.warn({ err: error }, 'discovery export: could not post in the thread');
  }
}

// ---- listeners

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type ActionArgs<A extends BlockButtonAction | BlockStaticSelectAction> = SlackActionMiddlewareArgs<A> &
  AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

export function openDiscover(deps: ScoutDeps, dictionaries: Dictionaries) {
  return async ({ ack, command, client, respond }: CommandArgs): Promise<void> => {
    if (/^(help|-h|--help|\?)$/i.test(command.text.trim())) {
      await ack({ response_type: 'ephemeral', text: HELP });
      return;
    }
    // The trigger_id expires 3 s after the command: ack and open the modal before anything slow.
    await ack();
    const form = formFromCommand(command.text);
    const meta: SearchMeta = {
      c: command.channel_id,
      u: command.response_url,
      t: deps.clock(),
      p: form.platform,
    };
    const view = discoverModal({
      form,
      privateMetadata: JSON.stringify(meta),
      budget: await budgetLine(deps, command.team_id),
      pricePerCreator: deps.ic.prices.discovery_per_creator,
    });
    try {
      await openModal(client, command.trigger_id, view);
    } catch (error) {
      deps.log.warn({ err: error, code: slackErrorCode(error) }, 'discover: could not open the modal');
      await respond({
        response_type: 'ephemeral',
        text: ':warning: Slack did not open the search form in time. Please run `/discover` again.',
      }).catch(() => undefined);
      return;
    }
    dictionaries.warm(form.platform);
  };
}

export function changeDiscoverPlatform(deps: ScoutDeps, dictionaries: Dictionaries) {
  return async ({ ack, body, action, client }: ActionArgs<BlockStaticSelectAction>): Promise<void> => {
    await ack();
    const view = body.view;
    const meta = parseMeta(searchMetaSchema, view?.private_metadata);
    if (!view || !meta) return;
    const chosen = action.selected_option?.value ?? '';
    const platform: DiscoveryPlatform = supports(DISCOVERY_PLATFORMS, chosen) ? chosen : meta.p;
    const form = switchPlatform(readForm(view.state.values, { platform: meta.p }), platform);
    const updated = discoverModal({
      form,
      privateMetadata: JSON.stringify({ ...meta, p: platform } satisfies SearchMeta),
      budget: await budgetLine(deps, body.team?.id ?? ''),
      pricePerCreator: deps.ic.prices.discovery_per_creator,
    });
    try {
      await updateModal(client, { id: view.id, hash: view.hash }, updated);
    } catch (error) {
      // hash_conflict: the user changed the platform again meanwhile; that update wins.
      deps.log.info({ err: error, code: slackErrorCode(error) }, 'discover: platform switch not applied');
    }
    dictionaries.warm(platform);
  };
}

export function suggestDiscoverOptions(dictionaries: Dictionaries) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const filter = filterById(body.action_id.slice(ACTION.dictionaryPrefix.length));
    if (filter?.input !== 'dictionary') {
      await ack({ options: [] });
      return;
    }
    const meta = parseMeta(searchMetaSchema, body.view?.private_metadata);
    const state = readForm(body.view?.state?.values, { platform: meta?.p ?? 'instagram' });
    const options = await dictionaries.suggest(filter.dictionary, state.platform, body.value ?? '');
    await ack({ options });
  };
}

export function submitDiscover(deps: ScoutDeps, dictionaries: Dictionaries) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMeta(searchMetaSchema, view.private_metadata);
    if (!meta) {
      await ack({
        response_action: 'errors',
        errors: { [BLOCK.aiSearch]: 'This form is out of date: close it and run /discover again.' },
      });
      return;
    }
    const read = readForm(view.state.values, { platform: meta.p });
    const { form, unresolved } = await resolveFormValues(read, (v) => dictionaries.resolve(v));
    const built = buildSearch(form);
    const errors: Record<string, string> = built.ok ? {} : { ...built.errors };
    for (const id of unresolved) errors[id] = 'Please pick this again: the list was refreshed.';
    if (!built.ok || Object.keys(errors).length > 0) {
      // Inline errors, nothing sent to the API, nothing spent.
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const team = body.team?.id ?? view.team_id;
    const user = body.user.id;
    const search: SavedSearch = { query: built.query, summary: built.summary };
    const searchId = await saveSearch(deps.store, search);
    const message = await resultsPage(deps, { team, user, searchId, search, page: 0 });
    await tellUser(deps, client, { channel: meta.c, user, responseUrl: meta.u, issuedAt: meta.t }, message);
  };
}

export function turnDiscoverPage(deps: ScoutDeps) {
  return async ({ ack, body, action, respond }: ActionArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    const value = parseButtonValue(action.value);
    const search = value ? await loadSearch(deps.store, value.id) : undefined;
    if (!value || !search) {
      await reply(deps, respond, textOnly(EXPIRED), false);
      return;
    }
    const team = body.team?.id ?? body.user.team_id ?? '';
    const message = await resultsPage(deps, {
      team,
      user: body.user.id,
      searchId: value.id,
      search,
      page: value.n,
    });
    // A failure is posted below the page rather than over it, so the results stay readable.
    await reply(deps, respond, message, message.blocks.length > 0);
  };
}

async function reply(deps: ScoutDeps, respond: RespondFn, message: SlackMessage, replace: boolean) {
  try {
    await respond({
      response_type: 'ephemeral',
      replace_original: replace,
      text: message.text,
      ...(message.blocks.length ? { blocks: message.blocks } : {}),
    });
  } catch (error) {
    // response_url is good for 30 minutes and 5 posts; after that there is nobody to tell.
    deps.log.warn({ err: error }, 'discover: could not deliver the answer to Slack');
  }
}

export function openDiscoverExport(deps: ScoutDeps) {
  return async ({ ack, body, action, client, respond }: ActionArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    const value = parseButtonValue(action.value);
    const search = value ? await loadSearch(deps.store, value.id) : undefined;
    if (!value || !search) {
      await reply(deps, respond, textOnly(EXPIRED), false);
      return;
    }
    const choices = exportChoices(value.n);
    if (choices.length === 0) {
      await reply(deps, respond, textOnly(':mag: This search has no results to export.'), false);
      return;
    }
    const team = body.team?.id ?? body.user.team_id ?? '';
    const meta: ExportMeta = {
      q: value.id,
      c: body.channel?.id ?? body.container?.channel_id ?? '',
      ...(body.response_url ? { u: body.response_url } : {}),
      t: deps.clock(),
      n: value.n,
    };
    try {
      const view = exportModal({
        summary: search.summary,
        total: value.n,
        choices,
        pricePerCreator: deps.ic.prices.discovery_per_creator,
        budget: await budgetLine(deps, team),
        privateMetadata: JSON.stringify(meta),
      });
      await openModal(client, body.trigger_id, view);
    } catch (error) {
      deps.log.warn({ err: error, code: slackErrorCode(error) }, 'discover: could not open the export form');
      await reply(
        deps,
        respond,
        textOnly(':warning: Slack did not open the export form in time. Please click Export CSV again.'),
        false,
      );
    }
  };
}

export function submitDiscoverExport(deps: ScoutDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseMeta(exportMetaSchema, view.private_metadata);
    const state = exportCountSchema.safeParse(view.state.values);
    const picked = state.success
      ? Object.values(state.data[EXPORT_COUNT_BLOCK] ?? {})[0]?.selected_option?.value
      : undefined;
    const count = Number(picked);
    if (!meta || !exportChoices(meta.n).includes(count)) {
      await ack({
        response_action: 'errors',
        errors: { [EXPORT_COUNT_BLOCK]: 'Pick how many creators to export.' },
      });
      return;
    }
    const search = await loadSearch(deps.store, meta.q);
    if (!search) {
      await ack({ response_action: 'errors', errors: { [EXPORT_COUNT_BLOCK]: EXPIRED.replace(/`/g, '') } });
      return;
    }
    const team = body.team?.id ?? view.team_id;
    const reserve = exportReservation(count, deps.ic.prices.discovery_per_creator);
    const budget = await deps.guard.status(team);
    if (budget.remaining < reserve) {
      await ack({
        response_action: 'errors',
        errors: {
          [EXPORT_COUNT_BLOCK]: `This export needs up to ${creditsPhrase(reserve)}; the workspace has ${formatCredits(budget.remaining)} left this month. Pick fewer creators, or ask an admin to raise the budget.`,
        },
      });
      return;
    }
    await ack();
    await exportIntoThread(deps, client, { team, user: body.user.id, searchId: meta.q, search, count, meta });
  };
}

export const discover: Feature = {
  name: 'discover',
  register(app, deps) {
    const dictionaries = new Dictionaries({
      ic: deps.ic,
      store: deps.store,
      log: deps.log,
      clock: deps.clock,
    });
    app.command('/discover', openDiscover(deps, dictionaries));
    app.action<BlockStaticSelectAction>(ACTION.platform, changeDiscoverPlatform(deps, dictionaries));
    app.options<'block_suggestion'>(
      new RegExp(`^${ACTION.dictionaryPrefix}`),
      suggestDiscoverOptions(dictionaries),
    );
    app.view<ViewSubmitAction>(DISCOVER_CALLBACK, submitDiscover(deps, dictionaries));
    app.action<BlockButtonAction>(
      new RegExp(`^(${PREVIOUS_ACTION}|${NEXT_ACTION})$`),
      turnDiscoverPage(deps),
    );
    app.action<BlockButtonAction>(EXPORT_ACTION, openDiscoverExport(deps));
    app.view<ViewSubmitAction>(EXPORT_CALLBACK, submitDiscoverExport(deps));
  },
};
