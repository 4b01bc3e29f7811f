import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDraft, loadJob, recentJobs } from '../../src/batch/jobs.ts';
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
} from '../batch/drop.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';

const BATCH = '/public/v1/enrichment/batch/';
const ADMIN = 'U0ADMIN';

describe('batch jobs: pauses, failures and failed reports', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      features: [testBatchFeature()],
      mockApi: { batchRowsPerPoll: 2 },
      env: { SCOUT_ADMINS: ADMIN },
    });
  });
  afterAll(async () => {
    await h.stop();
  });
  beforeEach(() => {
    h.api.reset();
    h.slack.reset();
  });

  async function startFile(content: string, name = 'creators.csv') {
    const { ts } = await dropCsv(h, { name, content });
    const draftId = draftIdOf(await intakeReply(h, ts));
    await start(h, draftId);
    const draft = await eventually(async () => {
      const d = await loadDraft(h.scout.deps.store, draftId);
      return d?.jobId ? d : undefined;
    }, 'the job to be created');
    return { ts, jobId: draft.jobId!, draftId };
  }

  function resumeClick(jobId: string, pause: number, user: string) {
    return h.action({
      action_id: 'batch_resume',
      value: `${jobId}|${pause}`,
      user_id: user,
      channel_id: CHANNEL,
    });
  }

  it('pauses when the account runs dry, resumes for an admin only, and reports once', async () => {
    const handles = Array.from({ length: 8 }, (_, i) => `pause_creator_${i}`).join('\n');
    const { ts } = await dropCsv(h, { content: `handle\n${handles}\n` });
    const draftId = draftIdOf(await intakeReply(h, ts));
    await start(h, draftId);
    // The first status poll only says "queued": dry the ledger before any row is charged.
    await eventually(
      async () => h.api.requests.some((r) => r.method === 'POST' && r.path === BATCH),
      'the batch',
    );
    h.api.setCredits(0.07); // two raw rows (0.03 each), then it pauses
    const notice = await h.slack.waitFor(
      () => postsIn(h, ts).find((c) => /is paused/.test(textOf(c))),
      10_000,
      'the pause notice',
    );
    expectValidBlockKit(notice.args as never, 'message');
    const job = (await loadJob(h.scout.deps.store, (await loadDraft(h.scout.deps.store, draftId))!.jobId!))!;
    expect(job.status).toBe('paused');
    expect(job.pauses).toBe(1);
    // What the paused batch used so far already counts as spent; the rest stays reserved.
    const paused = await h.scout.deps.guard.status('T0TEST');
    expect(job.progress.creditsUsed).toBeCloseTo(0.06, 5);
    expect(paused.spent).toBeCloseTo(0.06, 5);
    expect(paused.spent + paused.reserved).toBeCloseTo(0.24, 5);

    // A member who is not an admin cannot resume it.
    const denied = await resumeClick(job.id, 1, 'U0ALICE');
    const answer = await h.slack.waitForResponse(denied.responseId ?? '');
    expect(String(answer.body.text)).toMatch(/Only a Scout admin can resume/);
    expect(h.api.requests.filter((r) => r.path.endsWith('/resume/'))).toHaveLength(0);

    // An admin resumes while the account is still empty: it pauses again, with a new notice.
    await Promise.all([resumeClick(job.id, 1, ADMIN), resumeClick(job.id, 1, ADMIN)]);
    const second = await h.slack.waitFor(
      () => postsIn(h, ts).filter((c) => /is paused/.test(textOf(c)))[1],
      10_000,
      'the second pause notice',
    );
    expect(h.api.requests.filter((r) => r.path.endsWith('/resume/'))).toHaveLength(1);
    expect(h.slack.callsTo('chat.update').some((c) => /Resumed by <@U0ADMIN>/.test(textOf(c)))).toBe(true);
    expect(second).toBeDefined();

    h.api.setCredits(1000);
    await resumeClick(job.id, 2, ADMIN);
    const summary = await summaryPost(h, ts);
    expect(textOf(summary)).toMatch(/8 found/);
    expect(postsIn(h, ts).filter((c) => /is enriched/.test(textOf(c)))).toHaveLength(1);
    expect(h.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(h.api.requests.filter((r) => r.path.endsWith('/resume/'))).toHaveLength(2);
    const after = await h.scout.deps.guard.status('T0TEST');
    expect(after.reserved).toBe(0);
    expect(after.spent).toBeCloseTo(0.24, 5);
  });

  it('says so when the API fails the batch, settles what it used and retires the job', async () => {
    const { ts, jobId } = await startFile('handle\nfault_500_a\nfault_422_b\n', 'broken.csv');
    const failure = await h.slack.waitFor(
      () => postsIn(h, ts).find((c) => /failed at Influencers Club/.test(textOf(c))),
      10_000,
      'the failure message',
    );
    expect(textOf(failure)).toMatch(/no row in the file could be processed/);
    expect(textOf(failure)).toMatch(/What to try/);
    expect(textOf(failure)).toMatch(/Nothing was charged/);
    const job = await eventually(async () => {
      const j = await loadJob(h.scout.deps.store, jobId);
      return j?.status === 'failed' ? j : undefined;
    }, 'the failed job');
    expect(job.report.settled).toBe(true);
    expect(await h.scout.deps.store.atomic.setMembers('batch:active')).not.toContain(jobId);
    expect(h.slack.callsTo('files.completeUploadExternal')).toHaveLength(0);
    const status = await h.scout.deps.guard.status('T0TEST');
    expect(status.reserved).toBe(0);
    expect((await recentJobs(h.scout.deps.store, 'T0TEST', 10)).find((j) => j.id === jobId)?.status).toBe(
      'failed',
    );
  });

  it('falls back to the presigned CSV when the JSON results fail, and reports once after Slack errors', async () => {
    const { ts, jobId } = await startFile('handle\nmaya.moves\nnova.star\nfallback_three\n');
    // JSON results answer 500 (retried by the client, then given up): the CSV download is used.
    h.api.failNext(`${BATCH}${jobId}/`, 500, 10);
    // The first upload and the first summary post fail: both are tried again on a later look.
    h.slack.failNext('files.completeUploadExternal', { error: 'internal_error' });
    const summary = await summaryPost(h, ts, 15_000);
    expect(textOf(summary)).toMatch(/3 found/);
    expect(h.api.requests.some((r) => r.path === `${BATCH}${jobId}/download/`)).toBe(true);
    const completes = h.slack.callsTo('files.completeUploadExternal');
    expect(completes).toHaveLength(2); // one refused, one shared
    await sleep(200);
    expect(postsIn(h, ts).filter((c) => /is enriched/.test(textOf(c)))).toHaveLength(1);
    const job = await eventually(async () => {
      const j = await loadJob(h.scout.deps.store, jobId);
      return j?.status === 'finished' ? j : undefined;
    }, 'the finished job');
    expect(job.report.results?.source).toBe('csv');
  });

  it('posts the summary once when chat.postMessage fails the first time', async () => {
    const { ts, jobId } = await startFile('handle\nsummary_one\nsummary_two\n');
    // From here the only chat.postMessage left is the summary: its first attempt fails.
    h.slack.failNext('chat.postMessage', { status: 500 });
    const summary = await summaryPost(h, ts, 15_000);
    expect(textOf(summary)).toMatch(/2 found/);
    await sleep(200);
    // The fake records refused calls too: the first attempt (HTTP 500) and the one that went out.
    expect(postsIn(h, ts).filter((c) => /is enriched/.test(textOf(c)))).toHaveLength(2);
    expect(h.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const job = await eventually(async () => {
      const j = await loadJob(h.scout.deps.store, jobId);
      return j?.status === 'finished' ? j : undefined;
    }, 'the finished job');
    expect(job.report.summaryTs).not.toBeNull();
  });
});
