import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recentJobs } from '../../src/batch/jobs.ts';
import {
  CHANNEL,
  cancel,
  choose,
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
  uploadedCsv,
} from '../batch/drop.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';

const BATCH = '/public/v1/enrichment/batch/';

function batchCreates(h: Harness) {
  return h.api.requests.filter((r) => r.method === 'POST' && r.path === BATCH);
}

describe('CSV batch enrichment, end to end', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [testBatchFeature()], mockApi: { batchRowsPerPoll: 2 } });
  });
  afterAll(async () => {
    await h.stop();
  });
  beforeEach(() => {
    h.api.reset();
  });

  it('reads handles, starts on click, updates one progress message and posts the results once', async () => {
    const csv = [
      'Handle,Notes',
      'maya.moves,"likes, commas"',
      '@Maya.Moves,dup',
      'https://www.instagram.com/nova.star/',
      'not a handle!!,x',
      'trail.tom',
      '',
      'ghost_nobody',
    ].join('\r\n');
    const { ts } = await dropCsv(h, { content: `\uFEFF${csv}` });
    const reply = await intakeReply(h, ts);
    const text = textOf(reply);
    expect(text).toContain(
      '6 rows → 4 unique handles; 1 duplicate and 1 invalid row skipped: line 5 `not a handle!!`',
    );
    expect(text).toMatch(/Estimated cost: \*0\.12 credits\*/);
    expectValidBlockKit(reply.args as never, 'message');
    // Nothing paid and nothing created yet.
    expect(batchCreates(h)).toHaveLength(0);

    const draftId = draftIdOf(reply);
    await start(h, draftId);
    const summary = await summaryPost(h, ts);
    expect(textOf(summary)).toMatch(/3 found\* · 1 not found/);
    expect(textOf(summary)).toContain('Top creators by followers');

    // One batch with the clean one-column CSV and the thread in metadata.
    const creates = batchCreates(h);
    expect(creates).toHaveLength(1);
    const body = creates[0]!.body as Record<string, string>;
    expect(body.file).toBe('handle\nmaya.moves\nnova.star\ntrail.tom\nghost_nobody\n');
    expect(body.enrichment_mode).toBe('raw');
    expect(body.platform).toBe('instagram');
    expect(JSON.parse(body.metadata ?? '{}')).toMatchObject({ channel: CHANNEL, thread_ts: ts });

    // Progress went into the intake message itself, updated in place; no extra post per poll.
    const posts = postsIn(h, ts);
    expect(posts).toHaveLength(2); // intake reply, final summary
    const progressUpdates = h.slack.callsTo('chat.update').filter((c) => /processed/.test(textOf(c)));
    expect(progressUpdates.length).toBeGreaterThan(1);
    expect(new Set(progressUpdates.map((c) => c.args.ts)).size).toBe(1);

    // The results file went into the thread, once.
    const completes = h.slack.callsTo('files.completeUploadExternal');
    expect(completes).toHaveLength(1);
    expect(completes[0]!.args.thread_ts).toBe(ts);
    const results = uploadedCsv(h, 'creators-enriched.csv');
    expect(results).toBeDefined();
    const lines = results!
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'input,status,platform,username,name,followers,engagement %,email,location,niche,profile URL',
    );
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('ghost_nobody,'))).toMatch(/^ghost_nobody,not found,/);

    // Credits: the reservation was settled to what the API used, exactly once.
    const jobs = await eventually(async () => {
      const recent = await recentJobs(h.scout.deps.store, 'T0TEST', 10);
      return recent[0]?.status === 'finished' ? recent : undefined;
    }, 'the job to be finished');
    const status = await h.scout.deps.guard.status('T0TEST');
    expect(status.reserved).toBe(0);
    expect(status.spent).toBeCloseTo(0.09, 5);
    expect(jobs[0]).toMatchObject({
      status: 'finished',
      rows: 4,
      creditsUsed: 0.09,
      mode: 'raw',
      channel: CHANNEL,
      threadTs: ts,
    });
  });

  it('reads emails, offers the email modes and enriches them', async () => {
    const { ts } = await dropCsv(h, {
      name: 'emails.csv',
      content: 'email\nhello@mayamoves.example.test\nbob@example.test\nBOB@example.test\n',
    });
    const reply = await intakeReply(h, ts);
    expect(textOf(reply)).toContain('3 rows → 2 unique emails; 1 duplicate');
    const draftId = draftIdOf(reply);
    await choose(h, draftId, 'mode', 'advanced');
    await h.slack.waitFor(
      () =>
        h.slack
          .callsTo('chat.update')
          .find((c) => /Advanced email lookup/.test(JSON.stringify(c.args.blocks))),
      5000,
      'the mode change',
    );
    await start(h, draftId);
    const summary = await summaryPost(h, ts);
    expect(textOf(summary)).toMatch(/2 found/);
    const body = batchCreates(h)[0]!.body as Record<string, string>;
    expect(body.file).toBe('email\nhello@mayamoves.example.test\nbob@example.test\n');
    expect(body.enrichment_mode).toBe('advanced');
    expect(body.platform).toBeUndefined();
  });

  it('starts one batch when Start is clicked twice at once, and refuses other people', async () => {
    const { ts } = await dropCsv(h, { content: 'handle\nalpha_one\nbeta_two\n' });
    const draftId = draftIdOf(await intakeReply(h, ts));
    const stranger = await start(h, draftId, 'U0MALLORY');
    expect(stranger.ack.status).toBe(200);
    const denied = await h.slack.waitForResponse(stranger.responseId ?? '');
    expect(String(denied.body.text)).toMatch(/Only <@U0ALICE> or a Scout admin/);
    await Promise.all([start(h, draftId), start(h, draftId), start(h, draftId)]);
    await summaryPost(h, ts);
    await start(h, draftId);
    await sleep(100);
    expect(batchCreates(h)).toHaveLength(1);
  });

  it('cancels without spending anything', async () => {
    const { ts } = await dropCsv(h, { content: 'handle\ngamma_three\n' });
    const reply = await intakeReply(h, ts);
    const draftId = draftIdOf(reply);
    await cancel(h, draftId);
    await h.slack.waitFor(
      () => h.slack.callsTo('chat.update').find((c) => /Cancelled by <@U0ALICE>/.test(textOf(c))),
      5000,
      'the cancelled message',
    );
    const again = await start(h, draftId);
    const answer = await h.slack.waitForResponse(again.responseId ?? '');
    expect(String(answer.body.text)).toMatch(/cancelled/);
    expect(batchCreates(h)).toHaveLength(0);
    expect(h.api.ledger.charges).toEqual([]);
  });

  it('ignores images and answers a spreadsheet once', async () => {
    const image = await dropCsv(h, {
      name: 'moodboard.png',
      content: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      filetype: 'png',
      mimetype: 'image/png',
    });
    const sheet = await dropCsv(h, {
      name: 'creators.xlsx',
      content: Buffer.from('PK\u0003\u0004'),
      filetype: 'xlsx',
      mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const answer = await intakeReply(h, sheet.ts);
    expect(textOf(answer)).toMatch(/looks like a spreadsheet/);
    await sleep(150);
    expect(postsIn(h, image.ts)).toHaveLength(0);
    expect(postsIn(h, sheet.ts)).toHaveLength(1);
  });

  it('keeps the draft open when the budget refuses, and says so in the thread', async () => {
    await h.scout.deps.store.kv.set('settings:T0TEST', { budget: 1 });
    try {
      const { ts } = await dropCsv(h, { content: 'handle\nomega_one\nomega_two\n' });
      const draftId = draftIdOf(await intakeReply(h, ts));
      await choose(h, draftId, 'mode', 'full');
      await sleep(100);
      await start(h, draftId);
      const refusal = await h.slack.waitFor(() => postsIn(h, ts)[1], 5000, 'the refusal');
      expect(textOf(refusal)).toMatch(/Nothing was charged/);
      expect(batchCreates(h)).toHaveLength(0);
    } finally {
      await h.scout.deps.store.kv.delete('settings:T0TEST');
    }
  });
});
