import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { fetchResults, type ResultsJob } from '../../src/batch/results.ts';
import { fetchResultsIsolated } from '../../src/batch/results-isolated.ts';
import { InfluencersClubClient } from '../../src/ic/client.ts';

/**
 * The results step in a worker thread (what Scout runs) against the API double: the same CSV and
 * summary as on the main thread, and a failure inside the worker comes back as a rejection. Its
 * memory is proven in bench/batch-results.bench.ts.
 */

const KEY = 'isolated-key';
const RETRY = { maxAttempts: 2, minDelayMs: 5, maxDelayMs: 20, maxTotalMs: 2000 };
let api: MockApi;
let ic: InfluencersClubClient;

beforeAll(async () => {
  api = await startMockApi({ apiKeys: [KEY], rateLimitPerMinute: 10_000 });
  ic = new InfluencersClubClient({ baseUrl: api.url, apiKey: KEY, retry: RETRY });
});
afterAll(async () => {
  await api.close();
});

async function finishedBatch(rows: number): Promise<string> {
  const csv = `handle\n${Array.from({ length: rows }, (_, i) => `isolated_${i}`).join('\n')}\n`;
  const created = await ic.createBatch({ csv, enrichmentMode: 'full', platform: 'instagram' });
  for (let polls = 0; polls < 500; polls++) {
    if ((await ic.batchStatus(created.batch_id)).status === 'finished') return created.batch_id;
  }
  throw new Error('the batch did not finish');
}

describe('fetchResultsIsolated', () => {
  it('gives the same CSV and summary as the main thread', async () => {
    const batchId = await finishedBatch(40);
    const job: ResultsJob = { batchId, mode: 'full', platform: 'instagram', fileName: 'creators.csv' };
    const here = await fetchResults(ic, job);
    const there = await fetchResultsIsolated({ ic: { baseUrl: api.url, apiKey: KEY, retry: RETRY } }, job);
    expect(there.summary).toEqual(here.summary);
    expect(there.summary.rows).toBe(40);
    expect(there.csv.equals(here.csv)).toBe(true);
  });

  it('rejects with the worker’s failure (unknown batch)', async () => {
    const job: ResultsJob = {
      batchId: '00000000-0000-4000-8000-000000000000',
      mode: 'raw',
      platform: 'instagram',
      fileName: 'x.csv',
    };
    const fallbacks: unknown[] = [];
    await expect(
      fetchResultsIsolated({ ic: { baseUrl: api.url, apiKey: KEY, retry: RETRY } }, job, (e) =>
        fallbacks.push(e),
      ),
    ).rejects.toThrow();
    // JSON failed first, then the CSV download: the fallback was reported from the worker.
    expect(fallbacks).toHaveLength(1);
  });
});
