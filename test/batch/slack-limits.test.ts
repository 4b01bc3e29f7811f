import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BatchJob, newJob } from '../../src/batch/jobs.ts';
import { SlackBatchReporter } from '../../src/slack/batch-reporter.ts';
import { EditQueue } from '../../src/slack/edit-queue.ts';
import { FakeSlack, type SlackCall } from '../support/fake-slack.ts';
import { sleep, textOf } from './drop.ts';

/**
 * Slack's limits at the Web API edge (a fake Slack on loopback): chat.update's ~50 a minute per
 * workspace when many batch jobs report at once, and a 429's Retry-After.
 */

const TOKEN = 'xoxb-limits';
let slack: FakeSlack;

beforeAll(async () => {
  slack = await new FakeSlack({ botToken: TOKEN }).start();
});
afterAll(async () => {
  await slack.stop();
});
beforeEach(() => slack.reset());

/** The Web API client as src/slack/app.ts configures it (retries; Retry-After honoured). */
function appClient(retries = 2): WebClient {
  return new WebClient(TOKEN, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries, factor: 2, minTimeout: 50, maxTimeout: 100 },
  });
}

function job(i: number, processed: number, status: BatchJob['status'] = 'processing'): BatchJob {
  const now = Date.now();
  const base = newJob(
    {
      id: `job${i}`,
      batchId: `b${i}`,
      draftId: `d${i}`,
      team: 'T1',
      channel: 'C1',
      threadTs: `${i}.1`,
      progressTs: `${i}.2`,
      user: 'U1',
      fileName: `f${i}.csv`,
      kind: 'handle',
      mode: 'raw',
      platform: 'instagram',
      includeAudience: false,
      rows: 100,
      estimate: 3,
      reservation: { team: 'T1', month: new Date(now).toISOString().slice(0, 7), estimate: 3 },
    },
    now,
  );
  return { ...base, status, progress: { ...base.progress, processed } };
}

const updatesOf = (ts: string): SlackCall[] => slack.callsTo('chat.update').filter((c) => c.args.ts === ts);

describe('progress edits within chat.update’s limit', () => {
  it('200 updates of 20 jobs within a second: at most the bucket’s allowance, then each message’s final state', async () => {
    const perMinute = 600;
    const burst = 5;
    const reporter = new SlackBatchReporter(appClient(0), Date.now, { edits: { perMinute, burst } });
    const started = Date.now();
    for (let round = 1; round <= 10; round++) {
      for (let i = 0; i < 20; i++) await reporter.progress(job(i, round * 5));
      await sleep(50);
    }
    const afterBurst = slack.callsTo('chat.update').length;
    const elapsed = Date.now() - started;
    // Allowed so far: the burst plus the bucket's refill over the elapsed time.
    expect(afterBurst).toBeLessThanOrEqual(burst + Math.ceil((perMinute * elapsed) / 60_000) + 1);

    // The end of every job: each final edit goes out (awaited), and is each message's last state.
    await Promise.all(Array.from({ length: 20 }, (_, i) => reporter.progress(job(i, 100, 'finished'))));
    const total = slack.callsTo('chat.update').length;
    expect(total).toBeLessThanOrEqual(burst + Math.ceil((perMinute * (Date.now() - started)) / 60_000) + 1);
    expect(total).toBeLessThan(200);
    for (let i = 0; i < 20; i++) {
      const last = updatesOf(`${i}.2`).at(-1);
      expect(textOf(last)).toMatch(/:white_check_mark: Done/);
      expect(textOf(last)).toMatch(/100 of 100 processed/);
    }
  });

  it('per message, a waiting edit is replaced by the newer one', async () => {
    const queue = new EditQueue({ perMinute: 60, burst: 1 });
    const sent: string[] = [];
    const send = (what: string) => async () => {
      sent.push(what);
    };
    const first = queue.edit('T', 'm', send('1'));
    const second = queue.edit('T', 'm', send('2'));
    const third = queue.edit('T', 'm', send('3'));
    await first;
    await Promise.all([second, third]);
    // "1" took the one token; "2" was superseded by "3" while it waited.
    expect(sent).toEqual(['1', '3']);
  });
});

describe('Retry-After', () => {
  it('the app’s client waits out a 429’s Retry-After and retries (rejectRateLimitedCalls is off)', async () => {
    slack.failNext('chat.postMessage', { status: 429, error: 'ratelimited', retryAfter: 1 });
    const client = appClient();
    const started = Date.now();
    await client.chat.postMessage({ channel: 'C1', text: 'hi' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('a 429 on chat.update holds every other edit for its Retry-After', async () => {
    const reporter = new SlackBatchReporter(appClient(), Date.now, { edits: { perMinute: 6000, burst: 50 } });
    slack.failNext('chat.update', { status: 429, error: 'ratelimited', retryAfter: 1 });
    const first = reporter.progress(job(200, 100, 'finished'));
    await slack.waitForCall('chat.update', (c) => c.args.ts === '200.2');
    const limitedAt = slack.callsTo('chat.update').find((c) => c.args.ts === '200.2')!.at;
    await sleep(20);
    await Promise.all([
      first,
      ...Array.from({ length: 5 }, (_, i) => reporter.progress(job(201 + i, 100, 'finished'))),
    ]);
    // Only this test's messages (an earlier test's paced queue may still be sending its own).
    const mine = slack.callsTo('chat.update').filter((c) => /^20\d\.2$/.test(String(c.args.ts)));
    const later = mine.slice(1);
    expect(later).toHaveLength(6);
    for (const call of later) expect(call.at - limitedAt).toBeGreaterThanOrEqual(1000);
  });
});

// Last: its queue keeps sending the edits it holds back, at 45 a minute, after the test ends.
describe('the production pace', () => {
  it('at the production pace (45 a minute), a burst of 200 updates sends only the first few at once', async () => {
    const reporter = new SlackBatchReporter(appClient(0), Date.now, { edits: {} });
    for (let round = 1; round <= 10; round++) {
      for (let i = 0; i < 20; i++) await reporter.progress(job(100 + i, round * 5));
    }
    await sleep(1000);
    // The default burst, plus at most one refilled token in that second.
    expect(slack.callsTo('chat.update').length).toBeLessThanOrEqual(6);
  });
});
