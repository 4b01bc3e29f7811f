import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { InfluencersClubClient, type RetryOptions } from '../ic/client.ts';
import { BATCH_PLATFORMS } from '../ic/platforms.ts';
import { fetchResults } from './results.ts';

/**
 * The results step in a worker thread (src/batch/results-isolated.ts starts it): builds its own
 * Influencers Club client from plain options, runs fetchResults, and hands back the CSV's bytes
 * (transferred, not copied) and the summary. Fallback notices and failures go back as messages.
 */

const input = z.object({
  ic: z.object({
    baseUrl: z.string(),
    apiKey: z.string(),
    retry: z
      .object({
        maxAttempts: z.number().optional(),
        maxTotalMs: z.number().optional(),
        minDelayMs: z.number().optional(),
        maxDelayMs: z.number().optional(),
      })
      .optional(),
  }),
  job: z.object({
    batchId: z.string(),
    mode: z.enum(['raw', 'full', 'basic', 'advanced']),
    platform: z.enum(BATCH_PLATFORMS).nullable(),
    fileName: z.string(),
  }),
});

const port = parentPort;
if (port === null) throw new Error('results-worker.ts runs as a worker thread only');
const { ic: options, job } = input.parse(workerData);
const ic = new InfluencersClubClient({
  baseUrl: options.baseUrl,
  apiKey: options.apiKey,
  ...(options.retry === undefined ? {} : { retry: retryOf(options.retry) }),
});
/** The retry options that were given (an absent one stays absent: exactOptionalPropertyTypes). */
function retryOf(given: NonNullable<typeof options.retry>): RetryOptions {
  const retry: RetryOptions = {};
  if (given.maxAttempts !== undefined) retry.maxAttempts = given.maxAttempts;
  if (given.maxTotalMs !== undefined) retry.maxTotalMs = given.maxTotalMs;
  if (given.minDelayMs !== undefined) retry.minDelayMs = given.minDelayMs;
  if (given.maxDelayMs !== undefined) retry.maxDelayMs = given.maxDelayMs;
  return retry;
}
const describe = (error: unknown) => ({
  name: error instanceof Error ? error.name : 'Error',
  message: error instanceof Error ? error.message : String(error),
});
try {
  const file = await fetchResults(ic, job, (error) =>
    port.postMessage({ kind: 'fallback', error: describe(error) }),
  );
  const bytes = new Uint8Array(file.csv.buffer, file.csv.byteOffset, file.csv.byteLength).slice();
  port.postMessage({ kind: 'done', csv: bytes, summary: file.summary }, [bytes.buffer]);
} catch (error) {
  port.postMessage({ kind: 'failed', error: describe(error) });
}
