import { createHash } from 'node:crypto';
import { setTimeout as sleepFor } from 'node:timers/promises';

/**
 * Client-side sliding window that keeps Scout under the API's 300 requests/minute per account
 * (api-ref#rate-limit; the official MCP server does the same). Requests wait for a slot in arrival order; none is
 * refused. Every attempt takes a slot, retries included, because the API counts them all.
 */

export interface RateLimit {
  /** Requests allowed in any window of `windowMs`. */
  requests: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = Object.freeze({ requests: 300, windowMs: 60_000 });

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => sleepFor(ms),
};

export class SlidingWindowLimiter {
  readonly limit: RateLimit;
  readonly #clock: Clock;
  /** Start times of the requests inside the current window, oldest first. */
  readonly #started: number[] = [];
  /** Waiters queue behind this promise so slots go out in arrival order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(limit: RateLimit, clock: Clock = realClock) {
    if (!Number.isInteger(limit.requests) || limit.requests < 1) {
      throw new RangeError('rateLimit.requests must be a whole number >= 1');
    }
    if (!Number.isFinite(limit.windowMs) || limit.windowMs <= 0) {
      throw new RangeError('rateLimit.windowMs must be a number > 0');
    }
    this.limit = { requests: limit.requests, windowMs: limit.windowMs };
    this.#clock = clock;
  }

  /** Resolves when a request may start; the slot is counted from that moment. */
  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot());
    // A failed wait must not block the queue for later callers.
    this.#queue = turn.catch(() => {});
    return turn;
  }

  /** Requests started inside the current window. */
  inWindow(): number {
    this.#prune(this.#clock.now());
    return this.#started.length;
  }

  async #waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      this.#prune(now);
      if (this.#started.length < this.limit.requests) {
        this.#started.push(now);
        return;
      }
      const oldest = this.#started[0]!;
      await this.#clock.sleep(Math.max(1, oldest + this.limit.windowMs - now));
    }
  }

  #prune(now: number): void {
    while (this.#started.length > 0 && this.#started[0]! <= now - this.limit.windowMs) this.#started.shift();
  }
}

/**
 * One limiter per API key + base URL (+ limits) for the whole process, so every client instance
 * using the same account shares the budget. The key is hashed: the map never holds the API key.
 */
const shared = new Map<string, SlidingWindowLimiter>();

export function sharedLimiter(apiKey: string, baseUrl: string, limit: RateLimit): SlidingWindowLimiter {
  const id = createHash('sha256')
    .update(`${apiKey}\u0000${baseUrl}\u0000${limit.requests}\u0000${limit.windowMs}`)
    .digest('hex');
  let limiter = shared.get(id);
  if (limiter === undefined) {
    limiter = new SlidingWindowLimiter(limit);
    shared.set(id, limiter);
  }
  return limiter;
}
