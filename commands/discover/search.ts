import type { BlockButtonAction } from '@slack/bolt';
import { cacheKeyFor } from '../../src/budget/lookup-cache.ts';
import { budgetLine } from '../../src/discovery/budget-line.ts';
import { type Dictionaries, resolveFormValues } from '../../src/discovery/dictionaries.ts';
import { BLOCK, readForm } from '../../src/discovery/form.ts';
import { buildSearch, pageRequest, RESULTS_PAGE_SIZE } from '../../src/discovery/request.ts';
import { toDiscoveryRows } from '../../src/discovery/results.ts';
import {
  loadSearch,
  parseButtonValue,
  type SavedSearch,
  saveSearch,
} from '../../src/discovery/saved-searches.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import { excludeSetFor } from '../../src/shortlists/exclusions.ts';
import { readJsonField } from '../../src/slack/json-field.ts';
import { deliver, type Requester, requesterOf, tellUser, withShare } from '../../src/slack/respond.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import { discoveryResults, resultsForSharing } from '../../views/discover-results.ts';
import { describeFailure } from '../../views/errors.ts';
import {
  type ActionArgs,
  EXPIRED,
  replyTarget,
  searchMetaSchema,
  textOnly,
  type ViewArgs,
} from './common.ts';

/**
 * Searching: the modal's Search (validated inline, nothing spent on a form that cannot be right),
 * results pages posted privately where the command was typed, and Next/Previous over the saved
 * search, replacing the page through the button's own response_url.
 */

interface PageRequest {
  who: Requester;
  searchId: string;
  search: SavedSearch;
  page: number;
}

/** One page through the budget guard and the paid-answer cache, as the results message. */
async function fetchPage(
  deps: ScoutDeps,
  { who, searchId, search, page }: PageRequest,
): Promise<{ message: SlackMessage; empty: boolean }> {
  const excluded = await excludeSetFor(deps.store, who.team, search.query.platform);
  const plain = pageRequest(search.query, page, RESULTS_PAGE_SIZE);
  // creators the workspace already contacted: no paid result is spent on them (api-ref#exclusion-lists)
  const body =
    excluded.send.length === 0
      ? plain
      : { ...plain, filters: { ...(plain.filters ?? {}), exclude_handles: excluded.send } };
  const result = await deps.lookups.run({
    ...who,
    feature: 'discover',
    operation: 'discovery',
    params: body,
    summary: page === 0 ? search.summary : `${search.summary} (page ${page + 1})`,
    cacheKey: cacheKeyFor('discovery', body),
    ttlMs: deps.config.CACHE_TTL_LIST_HOURS * 60 * 60 * 1000,
    call: () => deps.ic.discover(body),
  });
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
    budget: await budgetLine(deps.guard, who.team),
    now: deps.clock(),
    vetting: { marks: excluded.marks, notSent: excluded.notSent, now: deps.clock() },
  });
  return { message, empty: result.data.accounts.length === 0 };
}

/**
 * One page of a saved search, or the failure in words. A page already fetched (Previous, a second
 * click, a colleague's identical search) is free for CACHE_TTL_LIST_HOURS. "Share in channel"
 * posts a copy without the Enrich and paging buttons.
 */
async function resultsPage(deps: ScoutDeps, request: PageRequest): Promise<SlackMessage> {
  try {
    const { message, empty } = await fetchPage(deps, request);
    if (empty) return message;
    return withShare(deps.store, message, { copy: resultsForSharing(message) });
  } catch (error) {
    const failure = describeFailure(error, 'the discovery search');
    if (failure.charged === 'maybe') deps.log.error({ err: error }, 'discovery search failed');
    else deps.log.info({ err: error }, 'discovery search refused or failed');
    return textOnly(failure.text);
  }
}

/** Search: inline errors (nothing sent, nothing spent) or the first page, told to the user privately. */
export function submitDiscover(deps: ScoutDeps, dictionaries: Dictionaries) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = readJsonField(searchMetaSchema, view.private_metadata);
    const who = requesterOf(body);
    if (!meta) {
      const problem = 'This form is out of date: close it and run /discover again.';
      await ack({ response_action: 'errors', errors: { [BLOCK.aiSearch]: problem } });
      return;
    }
    const read = readForm(view.state.values, { platform: meta.p });
    const { form, unresolved } = await resolveFormValues(read, (v) => dictionaries.resolve(v));
    const built = buildSearch(form);
    const errors: Record<string, string> = built.ok ? {} : { ...built.errors };
    for (const id of unresolved) errors[id] = 'Please pick this again: the list was refreshed.';
    if (!built.ok || Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const search: SavedSearch = { query: built.query, summary: built.summary };
    const searchId = await saveSearch(deps.store, search);
    const message = await resultsPage(deps, { who, searchId, search, page: 0 });
    await tellUser(client, deps.log, replyTarget(meta, who.user, deps.clock()), message);
  };
}

/** Previous/Next: the page in place of the one shown; a failure goes below it, so the results stay readable. */
export function turnDiscoverPage(deps: ScoutDeps) {
  return async ({ ack, body, action, respond }: ActionArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    const what = 'the discovery search';
    const who = requesterOf(body);
    const value = parseButtonValue(action.value);
    const search = value ? await loadSearch(deps.store, value.id) : undefined;
    if (!value || !search) {
      await deliver(respond, deps.log, what, textOnly(EXPIRED), false);
      return;
    }
    const message = await resultsPage(deps, { who, searchId: value.id, search, page: value.n });
    await deliver(respond, deps.log, what, message, message.blocks.length > 0);
  };
}
