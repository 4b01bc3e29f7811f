import { createHmac, randomBytes } from 'node:crypto';
import { type BatchMode, BatchStore } from './batch.ts';
import { ExclusionListStore } from './exclusion-store.ts';
import { FailNextRules } from './faults.ts';
import { CreditLedger, MOCK_PRICES, type MockPrices, toMilli } from './ledger.ts';
import { SlidingWindowLimiter } from './rate-limit.ts';

export interface MockApiOptions {
  /** 0 = a random free port. */
  port?: number;
  host?: string;
  /** Bearer tokens the double accepts; default `['test-key']`. */
  apiKeys?: string[];
  /** Starting balance; default 1000. */
  credits?: number;
  /** Requests per 60 s per token (api-ref#rate-limit); default 300. */
  rateLimitPerMinute?: number;
  /** Delay for `fault_slow`; default 3000 ms. */
  slowMs?: number;
  /** Added to every paid endpoint's answer; default 0 (benchmarks use 2000). */
  latencyMs?: number;
  /** Rows a batch advances per status call; default 50. */
  batchRowsPerPoll?: number;
  prices?: Partial<MockPrices>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON; for multipart the form fields plus `file` (the file's text); never headers. */
  body: unknown;
  at: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  apiKeys: string[];
  credits: number;
  rateLimitPerMinute: number;
  slowMs: number;
  latencyMs: number;
  batchRowsPerPoll: number;
  prices: MockPrices;
}

export function resolveOptions(options: MockApiOptions = {}): ResolvedOptions {
  const positive = (name: string, value: number | undefined, fallback: number, min = 0): number => {
    const result = value ?? fallback;
    if (!Number.isFinite(result) || result < min) {
      throw new RangeError(`MockApiOptions.${name} must be a number >= ${min} (got ${String(value)})`);
    }
    return result;
  };
  const apiKeys = options.apiKeys ?? ['test-key'];
  if (apiKeys.length === 0 || apiKeys.some((key) => key.length === 0)) {
    throw new RangeError('MockApiOptions.apiKeys must hold at least one non-empty key');
  }
  return {
    port: positive('port', options.port, 0),
    host: options.host ?? '127.0.0.1',
    apiKeys,
    credits: positive('credits', options.credits, 1000),
    rateLimitPerMinute: positive('rateLimitPerMinute', options.rateLimitPerMinute, 300, 1),
    slowMs: positive('slowMs', options.slowMs, 3000),
    latencyMs: positive('latencyMs', options.latencyMs, 0),
    batchRowsPerPoll: positive('batchRowsPerPoll', options.batchRowsPerPoll, 50, 1),
    prices: { ...MOCK_PRICES, ...options.prices },
  };
}

/** Everything one running double remembers; `reset()` returns it to the start. */
export class MockState {
  readonly options: ResolvedOptions;
  readonly ledger: CreditLedger;
  readonly limiter: SlidingWindowLimiter;
  readonly failNext = new FailNextRules();
  readonly batches: BatchStore;
  readonly exclusions = new ExclusionListStore();
  readonly requests: RecordedRequest[] = [];
  /** fault_flaky values already seen: the first sighting fails, later ones succeed. */
  readonly flakySeen = new Set<string>();
  private readonly presignKey = randomBytes(16);

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.ledger = new CreditLedger(options.credits);
    this.limiter = new SlidingWindowLimiter(options.rateLimitPerMinute);
    this.batches = new BatchStore({
      ledger: this.ledger,
      rowsPerPoll: options.batchRowsPerPoll,
      rowPrice: (mode) => this.batchRowPrice(mode),
    });
  }

  priceMilli(operation: keyof MockPrices): number {
    return toMilli(this.options.prices[operation]);
  }

  batchRowPrice(mode: BatchMode): number {
    switch (mode) {
      case 'raw':
        return this.priceMilli('enrich_raw');
      case 'full':
        return this.priceMilli('enrich_full');
      case 'basic':
        return this.priceMilli('email_basic');
      case 'advanced':
        return this.priceMilli('email_advanced');
    }
  }

  /** Like an S3 presigned URL's signature: only this server can make one. */
  presignSignature(batchId: string): string {
    return createHmac('sha256', this.presignKey).update(batchId).digest('hex');
  }

  reset(): void {
    this.requests.length = 0;
    this.ledger.reset();
    this.batches.clear();
    this.exclusions.clear();
    this.failNext.reset();
    this.flakySeen.clear();
    this.limiter.reset();
  }
}
