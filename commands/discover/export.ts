import { randomUUID } from 'node:crypto';
import type { BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { workspaceKeys } from '../../src/budget/keys.ts';
import { budgetLine } from '../../src/discovery/budget-line.ts';
import {
  discoveryCsv,
  EXPORT_PAGE_SIZE,
  type ExportOutcome,
  exportChoices,
  exportReservation,
  runExport,
} from '../../src/discovery/export.ts';
import { loadSearch, parseButtonValue, type SavedSearch } from '../../src/discovery/saved-searches.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import { readJsonField } from '../../src/slack/json-field.ts';
import { deliver, type Requester, requesterOf, tellUser } from '../../src/slack/respond.ts';
import { openModal } from '../../src/slack/views.ts';
import { CHANNEL_GONE, slackErrorCode } from '../../src/slack/web.ts';
import { EXPORT_COUNT_BLOCK, exportModal } from '../../views/discover.ts';
import {
  exportComment,
  exportFinishedText,
  exportProgressText,
  exportStartedText,
} from '../../views/discover-results.ts';
import { describeFailure } from '../../views/errors.ts';
import { creditsPhrase, formatCredits } from '../../views/format.ts';
import {
  type ActionArgs,
  EXPIRED,
  type ExportMeta,
  exportMetaSchema,
  replyTarget,
  textOnly,
  type ViewArgs,
} from './common.ts';

/**
 * "Export CSV" under a results page: a modal to pick how many creators (checked against the budget
 * before anything is spent), then the export runs into a thread in the channel — a message that
 * shows progress, the CSV file, and the final count and cost.
 */

const NOT_IN_CHANNEL =
  ':warning: Scout is not a member of this channel, so it cannot post the export here. Invite it with `/invite @Scout` and try again, or export from a channel Scout is in. Nothing was charged.';
const ALREADY_RUNNING = ':hourglass: This export is already running; the file will appear in its thread.';
const NOTHING_MATCHED = ':mag: No creators matched, so there is nothing to export. Nothing was charged.';
const EXPORT_LEASE_MS = 30 * 60 * 1000;

const exportCountSchema = z.record(
  z.string(),
  z.record(z.string(), z.looseObject({ selected_option: z.looseObject({ value: z.string() }).nullish() })),
);

interface ExportJob {
  who: Requester;
  searchId: string;
  search: SavedSearch;
  count: number;
  meta: ExportMeta;
}

/** The thread the export posts in, once its first message is up. */
interface Thread {
  channel: string;
  ts?: string | undefined;
}

function tell(deps: ScoutDeps, client: WebClient, job: ExportJob, text: string): Promise<void> {
  return tellUser(client, deps.log, replyTarget(job.meta, job.who.user, deps.clock()), textOnly(text));
}

/** One export of the same search and size at a time: a double click never pays twice. */
async function exportIntoThread(deps: ScoutDeps, client: WebClient, job: ExportJob): Promise<void> {
  const lease = workspaceKeys.discoverExport(job.who.team, job.searchId, job.count);
  const owner = randomUUID();
  if (!(await deps.store.atomic.acquireLease(lease, owner, EXPORT_LEASE_MS))) {
    await tell(deps, client, job, ALREADY_RUNNING);
    return;
  }
  try {
    const thread: Thread = { channel: job.meta.c };
    const outcome = await startExport(deps, client, job, thread);
    if (outcome) await finishExport(deps, client, job, thread, outcome);
  } finally {
    await deps.store.atomic.releaseLease(lease, owner).catch(() => false);
  }
}

/** Reserves the budget, opens the thread and fetches; null (the user told why) when it could not start. */
async function startExport(
  deps: ScoutDeps,
  client: WebClient,
  job: ExportJob,
  thread: Thread,
): Promise<ExportOutcome | null> {
  const { who, search, count, meta } = job;
  try {
    return await runExport({
      ...{ guard: deps.guard, ic: deps.ic, team: who.team, user: who.user },
      ...{ query: search.query, count, summary: search.summary },
      start: async () => {
        const posted = await client.chat.postMessage({
          channel: meta.c,
          text: exportStartedText(who.user, search.summary, count),
        });
        thread.channel = posted.channel ?? meta.c;
        thread.ts = posted.ts;
      },
      onPage: async (fetched) => {
        // chat.update is Tier 3 (about 50 a minute): every 10 pages is plenty for a progress line.
        if (!thread.ts || fetched % (EXPORT_PAGE_SIZE * 10) !== 0) return;
        const text = exportProgressText(who.user, search.summary, fetched, count);
        await client.chat.update({ channel: thread.channel, ts: thread.ts, text });
      },
    });
  } catch (error) {
    const code = slackErrorCode(error);
    if (code !== null && CHANNEL_GONE.has(code)) {
      await tell(deps, client, job, NOT_IN_CHANNEL);
    } else {
      deps.log.warn({ err: error, code }, 'discovery export not started');
      await tell(deps, client, job, describeFailure(error, 'the export').text);
    }
    return null;
  }
}

/** The file (or why there is none) in the thread, then the final count and cost on its message. */
async function finishExport(
  deps: ScoutDeps,
  client: WebClient,
  job: ExportJob,
  thread: Thread,
  outcome: ExportOutcome,
): Promise<void> {
  const { rows, spent } = outcome;
  const failedPage = `page ${Math.floor(rows.length / EXPORT_PAGE_SIZE) + 1} of the export`;
  const failure = outcome.failure ? describeFailure(outcome.failure, failedPage).text : null;
  if (outcome.failure) deps.log.warn({ err: outcome.failure }, 'discovery export stopped early');
  if (rows.length === 0) {
    await postInThread(deps, client, thread, failure ?? NOTHING_MATCHED);
  } else {
    const comment = exportComment({
      ...{ exported: rows.length, requested: job.count, spent },
      ...{ uncertain: outcome.uncertain, failure },
    });
    await uploadCsv(deps, client, job, thread, outcome, comment);
  }
  if (!thread.ts) return;
  const text = exportFinishedText(job.who.user, job.search.summary, rows.length, spent, !outcome.failure);
  await client.chat
    .update({ channel: thread.channel, ts: thread.ts, text })
    .catch((error: unknown) =>
      deps.log.info({ err: error }, 'discovery export: could not update the message'),
    );
}

async function uploadCsv(
  deps: ScoutDeps,
  client: WebClient,
  job: ExportJob,
  thread: Thread,
  outcome: ExportOutcome,
  comment: string,
): Promise<void> {
  const date = new Date(deps.clock()).toISOString().slice(0, 10);
  const file = await discoveryCsv(outcome.rows);
  const upload = {
    channel_id: thread.channel,
    file,
    filename: `scout-discovery-${job.search.query.platform}-${date}.csv`,
    title: `Discovery export: ${job.search.summary}`.slice(0, 250),
    initial_comment: comment,
  };
  try {
    // Two calls rather than an optional thread_ts: the upload arguments are a union keyed on it.
    if (thread.ts) await client.filesUploadV2({ ...upload, thread_ts: thread.ts });
    else await client.filesUploadV2(upload);
  } catch (error) {
    const code = slackErrorCode(error);
    deps.log.warn({ err: error, code }, 'discovery export upload failed');
    await postInThread(
      deps,
      client,
      thread,
      `:warning: Scout fetched ${outcome.rows.length} creators (${creditsPhrase(outcome.spent)} spent) but Slack refused the file upload (${code ?? 'error'}). Run the export again in a few minutes; the search itself is saved.`,
    );
  }
}

async function postInThread(deps: ScoutDeps, client: WebClient, thread: Thread, text: string): Promise<void> {
  try {
    await client.chat.postMessage({
      channel: thread.channel,
      text,
      ...(thread.ts ? { thread_ts: thread.ts } : {}),
    });
  } catch (error) {
    deps.log.warn({ err: error }, 'discovery export: could not post in the thread');
  }
}

/** "Export CSV": the modal offering how many creators, with their estimated cost. */
export function openDiscoverExport(deps: ScoutDeps) {
  return async ({ ack, body, action, client, respond }: ActionArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    const what = 'the export';
    const who = requesterOf(body);
    const value = parseButtonValue(action.value);
    const search = value ? await loadSearch(deps.store, value.id) : undefined;
    const choices = exportChoices(value?.n ?? 0);
    if (!value || !search || choices.length === 0) {
      const problem = !value || !search ? EXPIRED : ':mag: This search has no results to export.';
      await deliver(respond, deps.log, what, textOnly(problem), false);
      return;
    }
    const meta: ExportMeta = {
      q: value.id,
      c: body.channel?.id ?? body.container?.channel_id ?? '',
      ...(body.response_url ? { u: body.response_url } : {}),
      t: deps.clock(),
      n: value.n,
    };
    const view = exportModal({
      ...{ summary: search.summary, total: value.n, choices },
      pricePerCreator: deps.ic.prices.discovery_per_creator,
      budget: await budgetLine(deps.guard, who.team),
      privateMetadata: JSON.stringify(meta),
    });
    try {
      await openModal(client, body.trigger_id, view);
    } catch (error) {
      deps.log.warn({ err: error, code: slackErrorCode(error) }, 'discover: could not open the export form');
      const text = ':warning: Slack did not open the export form in time. Please click Export CSV again.';
      await deliver(respond, deps.log, what, textOnly(text), false);
    }
  };
}

/** The count picked in the export modal, when it is one of those offered. */
function pickedCount(values: unknown, meta: ExportMeta | null): number | null {
  const state = exportCountSchema.safeParse(values);
  const picked = state.success
    ? Object.values(state.data[EXPORT_COUNT_BLOCK] ?? {})[0]?.selected_option?.value
    : undefined;
  const count = Number(picked);
  return meta && exportChoices(meta.n).includes(count) ? count : null;
}

/** Export: refused inline when the search expired or the budget cannot cover it, else run into a thread. */
export function submitDiscoverExport(deps: ScoutDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const refuse = (problem: string) =>
      ack({ response_action: 'errors', errors: { [EXPORT_COUNT_BLOCK]: problem } });
    const meta = readJsonField(exportMetaSchema, view.private_metadata);
    const count = pickedCount(view.state.values, meta);
    if (!meta || count === null) return refuse('Pick how many creators to export.');
    const search = await loadSearch(deps.store, meta.q);
    if (!search) return refuse(EXPIRED.replace(/`/g, ''));
    const who = requesterOf(body);
    const reserve = exportReservation(count, deps.ic.prices.discovery_per_creator);
    const budget = await deps.guard.status(who.team);
    if (budget.remaining < reserve) {
      return refuse(
        `This export needs up to ${creditsPhrase(reserve)}; the workspace has ${formatCredits(budget.remaining)} left this month. Pick fewer creators, or ask an admin to raise the budget.`,
      );
    }
    await ack();
    await exportIntoThread(deps, client, { who, searchId: meta.q, search, count, meta });
  };
}
