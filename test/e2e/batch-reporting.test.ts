import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDraft, loadJob } from '../../src/batch/jobs.ts';
import { openStore } from '../../src/store/index.ts';
import {
  CHANNEL,
  draftIdOf,
  dropCsv,
  eventually,
  intakeReply,
  postsIn,
  sleep,
  start,
  summaryPost,
  testBatchFeature,
  textOf,
  UPLOADER,
} from '../batch/drop.ts';
import type { SlackCall } from '../support/fake-slack.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/**
 * Reporting a finished batch against a Slack that fails: each step (upload, share, summary, final
 * edit) is recorded when done, so retries and restarts repeat none; a channel that removed Scout
 * sends the job to the uploader's DM.
 */

const HANDLES = Array.from({ length: 12 }, (_, i) => `step_creator_${i}`).join('\n');
const harnesses: Harness[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0).reverse()) await h.stop().catch(() => {});
  for (const done of cleanups.splice(0)) await done().catch(() => {});
});

async function startedJob(h: Harness) {
  const { ts } = await dropCsv(h, { content: `handle\n${HANDLES}\n` });
  const intake = await intakeReply(h, ts);
  const draftId = draftIdOf(intake);
  await start(h, draftId);
  const draft = await eventually(async () => {
    const d = await loadDraft(h.scout.deps.store, draftId);
    return d?.jobId ? d : undefined;
  }, 'the job');
  return { ts, jobId: draft.jobId!, progressTs: String(intake.args.ts ?? draft.messageTs) };
}

const ok = (calls: SlackCall[]) => calls.filter((c) => !c.failed);
const isDone = (c: SlackCall) => /:white_check_mark: Done/.test(textOf(c));

describe('results steps', () => {
  it('a failed share and a rate-limited summary, with a restart between: one file, one summary, one final edit', async () => {
    const namespace = `steps${randomUUID().slice(0, 6)}`;
    const h1 = await startHarness({
      features: [testBatchFeature()],
      mockApi: { batchRowsPerPoll: 6 },
      storeNamespace: namespace,
    });
    harnesses.push(h1);
    const { slack } = h1;
    // Sharing the uploaded file fails (Slack 500) until the restart.
    slack.failNext('files.completeUploadExternal', { status: 500, error: 'internal_error' }, 100);
    const { ts, jobId } = await startedJob(h1);
    await slack.waitForCall('files.completeUploadExternal', () => true, 15_000);
    await h1.stop({ keepApi: true, keepSlack: true, keepStore: true });
    harnesses.length = 0;
    const store = await openStore(h1.storeUrl, { namespace });
    const job = await loadJob(store, jobId);
    await store.close();
    // The upload is recorded; only its sharing is left.
    expect(job?.report.resultsUpload).toMatch(/^F/);
    expect(job?.report.resultsFileId).toBeNull();

    // After the restart the summary meets a 429 (Retry-After) and the final edit a 500, once each.
    slack.failNext('files.completeUploadExternal', {}, 0);
    slack.failNext('chat.postMessage', { status: 429, error: 'ratelimited', retryAfter: 1 });
    slack.failNext('chat.update', { status: 500, error: 'internal_error' });
    const h2 = await startHarness({
      features: [testBatchFeature()],
      api: h1.api,
      slack,
      storeUrl: h1.storeUrl,
      storeNamespace: namespace,
    });
    harnesses.push(h2);
    cleanups.push(
      () => h1.api.close(),
      () => slack.stop(),
    );
    await summaryPost(h2, ts, 20_000);
    await eventually(async () => (await loadJob(h2.scout.deps.store, jobId))?.status === 'finished', 'done');
    await sleep(300);

    // One file: its bytes went up once and it was shared once.
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect([...slack.uploads.values()].filter((u) => u.content.length > 0)).toHaveLength(1);
    expect(ok(slack.callsTo('files.completeUploadExternal'))).toHaveLength(1);
    // One summary, one final edit, although each failed once first.
    const summaries = postsIn(h2, ts).filter((c) => /is enriched/.test(textOf(c)));
    expect(summaries.filter((c) => c.failed)).toHaveLength(1);
    expect(ok(summaries)).toHaveLength(1);
    const finals = slack.callsTo('chat.update').filter(isDone);
    expect(finals.filter((c) => c.failed)).toHaveLength(1);
    expect(ok(finals)).toHaveLength(1);
  });
});

describe('Scout removed from the channel mid-batch', () => {
  it.each(['not_in_channel', 'is_archived'])(
    '%s: stops using the channel, DMs the uploader the progress, the file and the summary',
    async (error) => {
      const h = await startHarness({ features: [testBatchFeature()], mockApi: { batchRowsPerPoll: 1 } });
      harnesses.push(h);
      const { ts, jobId } = await startedJob(h);
      await eventually(async () => {
        const job = await loadJob(h.scout.deps.store, jobId);
        return job !== undefined && job.progress.processed >= 2;
      }, 'some progress');
      h.slack.failChannel(CHANNEL, error);
      const refusedAt = h.slack.calls.length;

      const dm = await h.slack.waitForCall('conversations.open', (c) => c.args.users === UPLOADER, 15_000);
      expect(dm).toBeDefined();
      const summary = await h.slack.waitFor(
        () => ok(h.slack.callsTo('chat.postMessage')).find((c) => /is enriched/.test(textOf(c))),
        20_000,
        'the summary',
      );
      const dmChannel = String(summary.args.channel);
      expect(dmChannel).toMatch(/^D/);
      await eventually(async () => (await loadJob(h.scout.deps.store, jobId))?.status === 'finished', 'done');
      await sleep(300);

      // The notice says why, what still happens and what to do.
      const notice = ok(h.slack.callsTo('chat.postMessage')).find((c) => c.args.channel === dmChannel)!;
      const why =
        error === 'is_archived' ? `<#${CHANNEL}> was archived` : `Scout was removed from <#${CHANNEL}>`;
      expect(textOf(notice)).toContain(`${why}, so here are your results`);
      expect(textOf(notice)).toMatch(/credits it uses are counted/);
      expect(textOf(notice)).toMatch(/invite Scout back/);
      // Progress, file and summary went to the DM; the channel was tried once or twice, then never.
      const shared = ok(h.slack.callsTo('files.completeUploadExternal'));
      expect(shared).toHaveLength(1);
      expect(shared[0]!.args.channel_id).toBe(dmChannel);
      expect(
        h.slack.callsTo('chat.update').filter((c) => c.args.channel === dmChannel && isDone(c)),
      ).toHaveLength(1);
      const toChannel = h.slack.calls
        .slice(refusedAt)
        .filter((c) => c.args.channel === CHANNEL || c.args.channel_id === CHANNEL);
      expect(toChannel.length).toBeLessThanOrEqual(2);
      expect(postsIn(h, ts).filter((c) => /is enriched/.test(textOf(c)))).toHaveLength(0);
      const job = await loadJob(h.scout.deps.store, jobId);
      expect(job?.report.redirect).toMatchObject({ reason: error, channel: dmChannel });
      expect(h.logs.some((l) => l.includes('batch channel refused Scout'))).toBe(true);
    },
  );
});
