import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { RetryOptions } from '../ic/client.ts';
import { resultsSummarySchema } from './jobs.ts';
import type { ResultsFile, ResultsJob } from './results.ts';

/**
 * fetchResults in a worker thread with a small heap of its own. Parsing 10,000 full-enrichment rows
 * (up to 200 KB each, api-ref#enrich-full) makes a lot of short-lived garbage; with default V8
 * settings the main heap grows to take it (387 MB peak RSS, bench/batch-results.bench.ts), and that
 * memory is not given back. Capped, the same work runs in a fraction of it, and whatever the worker
 * grew is returned when it exits. The main thread's heap, and every other part of Scout, keeps
 * default settings.
 */

export interface IsolatedResultsOptions {
  /** Where the worker's own client goes (the same API and key as Scout's client). */
  ic: { baseUrl: string; apiKey: string; retry?: RetryOptions };
  /** The worker's heap (MB). Defaults: 48 old generation, 8 young (bench/batch-results.bench.ts). */
  maxOldGenerationSizeMb?: number;
  maxYoungGenerationSizeMb?: number;
}

const message = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fallback'), error: z.object({ name: z.string(), message: z.string() }) }),
  z.object({ kind: z.literal('done'), csv: z.instanceof(Uint8Array), summary: resultsSummarySchema }),
  z.object({ kind: z.literal('failed'), error: z.object({ name: z.string(), message: z.string() }) }),
]);

const workerUrl = new URL(`./results-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** Thrown for a failure inside the worker, named like the original error. */
export class ResultsWorkerError extends Error {
  constructor(name: string, text: string, options?: ErrorOptions) {
    super(text, options);
    this.name = name;
  }
}

export function fetchResultsIsolated(
  options: IsolatedResultsOptions,
  job: ResultsJob,
  onFallback?: (error: unknown) => void,
): Promise<ResultsFile> {
  return new Promise<ResultsFile>((resolve, reject) => {
    const worker = new Worker(workerUrl, {
      workerData: {
        ic: options.ic,
        job: { batchId: job.batchId, mode: job.mode, platform: job.platform, fileName: job.fileName },
      },
      resourceLimits: {
        maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 48,
        maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb ?? 8,
      },
      // The worker's logs would carry no request context; its failures come back as messages.
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      done();
    };
    worker.on('message', (raw: unknown) => {
      const parsed = message.safeParse(raw);
      if (!parsed.success) return;
      const m = parsed.data;
      if (m.kind === 'fallback') onFallback?.(new ResultsWorkerError(m.error.name, m.error.message));
      else if (m.kind === 'done') {
        const csv = Buffer.from(m.csv.buffer, m.csv.byteOffset, m.csv.byteLength);
        settle(() => resolve({ csv, summary: m.summary }));
      } else settle(() => reject(new ResultsWorkerError(m.error.name, m.error.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the results worker stopped (exit code ${code}) before it finished`))),
    );
  });
}
