import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { batchKeys, createJob, loadJob, newJob } from '../../src/batch/jobs.ts';
import { BatchPoller } from '../../src/batch/poller.ts';
import { BudgetGuard } from '../../src/budget/guard.ts';
import { InfluencersClubClient } from '../../src/ic/client.ts';
import { createLogger } from '../../src/log.ts';
import { SlackBatchReporter } from '../../src/slack/batch-reporter.ts';
import { openStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/types.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { eventually, sleep } from './drop.ts';

const KEY = 'poller-key';
const log = createLogger({ level: 'silent' });

let api: MockApi;
let slack: FakeSlack;
let ic: InfluencersClubClient;
let dir: string;
let store: Store;

beforeAll(async () => {
  api = await startMockApi({ apiKeys: [KEY], batchRowsPerPoll: 1, rateLimitPerMinute: 10_000 });
  slack = await new FakeSlack({ botToken: 'xoxb-poller' }).start();
  ic = new InfluencersClubClient({
    baseUrl: api.url,
    apiKey: KEY,
    rateLimit: { requests: 10_000 },
    retry: { maxAttempts: 1 },
  });
});
afterAll(async () => {
  await api.close();
  await slack.stop();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scout-poller-'));
  store = await openStore(`sqlite://${join(dir, 's.sqlite')}`, { namespace: 'p' });
  api.reset();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function deps() {
  return {
    store,
    ic,
    guard: new BudgetGuard({ store, account: ic, log, defaultBudget: 1_000_000 }),
    log,
    clock: Date.now,
    reporter: new SlackBatchReporter(
      new WebClient('xoxb-poller', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
      Date.now,
    ),
  };
}

/** Real batches at the API double (long enough to stay running), recorded as active jobs. */
async function activeJobs(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await ic.createBatch({
      csv: `handle\n${Array.from({ length: 50 }, (_, r) => `poll_${i}_${r}`).join('\n')}\n`,
      enrichmentMode: 'raw',
      platform: 'instagram',
    });
    const now = Date.now();
    const job = newJob(
      {
        id: created.batch_id,
        batchId: created.batch_id,
        draftId: `d${i}`,
        team: 'T1',
        channel: 'C1',
        threadTs: '1.1',
        progressTs: '1.2',
        user: 'U1',
        fileName: 'x.csv',
        kind: 'handle',
        mode: 'raw',
        platform: 'instagram',
        includeAudience: false,
        rows: 50,
        estimate: 1.5,
        reservation: { team: 'T1', month: new Date(now).toISOString().slice(0, 7), estimate: 0 },
      },
      now,
    );
    await createJob(store, job);
    ids.push(job.id);
  }
  return ids;
}

const statusCalls = () => api.requests.filter((r) => r.path.endsWith('/status/')).length;

describe('BatchPoller', () => {
  it('never spends more than its per-minute request budget, however many jobs are active', async () => {
    await activeJobs(20);
    api.requests.length = 0;
    const minute = () => Math.floor(Date.now() / 60_000);
    const first = minute();
    const poller = new BatchPoller(deps(), {
      intervalMs: 10,
      requestsPerMinute: 5,
      budgetSliceMs: 60_000,
      concurrency: 8,
    });
    poller.start();
    await eventually(async () => statusCalls() >= 5, 'five polls');
    await sleep(300);
    await poller.stop();
    // One slice of a minute here: crossing a minute boundary starts the next slice.
    expect(statusCalls()).toBe(minute() === first ? 5 : Math.min(statusCalls(), 10));
    expect(statusCalls()).toBeLessThanOrEqual(10);
  });

  it('picks up every unfinished job on boot and keeps polling each', async () => {
    const ids = await activeJobs(3);
    const poller = new BatchPoller(deps(), { intervalMs: 10 });
    poller.start();
    await eventually(async () => {
      const jobs = await Promise.all(ids.map((id) => loadJob(store, id)));
      return jobs.every((j) => (j?.progress.processed ?? 0) >= 2);
    }, 'progress on every job');
    await poller.stop();
  });

  it('leaves a job alone while another process holds its lease, and takes it when released', async () => {
    const [id] = await activeJobs(1);
    await store.atomic.acquireLease(batchKeys.lease(id!), 'other-process', 60_000);
    api.requests.length = 0;
    const poller = new BatchPoller(deps(), { intervalMs: 10 });
    poller.start();
    await sleep(200);
    expect(statusCalls()).toBe(0);
    await store.atomic.releaseLease(batchKeys.lease(id!), 'other-process');
    await eventually(async () => statusCalls() > 0, 'a poll after the release');
    expect(await store.atomic.leaseHolder(batchKeys.lease(id!))).toBe(poller.instanceId);
    await poller.stop();
    // Stopping hands the job back at once, so a restarted Scout need not wait for the lease to expire.
    expect(await store.atomic.leaseHolder(batchKeys.lease(id!))).toBeNull();
    const after = statusCalls();
    await sleep(100);
    expect(statusCalls()).toBe(after);
  });

  it('keeps its leases alive by heartbeat, and a lease taken meanwhile is never renewed back', async () => {
    const [id] = await activeJobs(1);
    const lease = batchKeys.lease(id!);
    const poller = new BatchPoller(deps(), { intervalMs: 50, leaseTtlMs: 300, heartbeatMs: 100 });
    poller.start();
    await eventually(async () => (await store.atomic.leaseHolder(lease)) === poller.instanceId, 'the lease');
    // Several TTLs with looks only every 50–100 ms: the heartbeat alone could keep it, and does.
    await sleep(900);
    expect(await store.atomic.leaseHolder(lease)).toBe(poller.instanceId);

    // As if this process stalled past its TTL and another took the job over.
    await store.atomic.releaseLease(lease, poller.instanceId);
    await store.atomic.acquireLease(lease, 'other-process', 60_000);
    await sleep(150);
    const polls = statusCalls();
    const edits = slack.callsTo('chat.update').length;
    await sleep(500);
    // Renewal checks the owner: the other process keeps the job; this one neither polls nor reports it.
    expect(await store.atomic.leaseHolder(lease)).toBe('other-process');
    expect(statusCalls()).toBe(polls);
    expect(slack.callsTo('chat.update').length).toBe(edits);
    await poller.stop();
    expect(await store.atomic.leaseHolder(lease)).toBe('other-process');
  });

  it('refuses a heartbeat too slow for its lease', () => {
    expect(() => new BatchPoller(deps(), { leaseTtlMs: 1000, heartbeatMs: 500 })).toThrow(RangeError);
  });

  it('retires a job the API no longer knows, saying so in the thread', async () => {
    const [id] = await activeJobs(1);
    api.reset(); // the double forgets every batch
    const poller = new BatchPoller(deps(), { intervalMs: 10 });
    poller.start();
    await eventually(async () => (await loadJob(store, id!))?.status === 'failed', 'the job to fail');
    await poller.stop();
    expect(await store.atomic.setMembers(batchKeys.active)).toEqual([]);
    expect(
      slack
        .callsTo('chat.postMessage')
        .some((c) => /no longer knows this batch/.test(JSON.stringify(c.args))),
    ).toBe(true);
  });
});
