/**
 * 300 requests per minute per account across all endpoints (api-ref#rate-limit). A sliding window of request
 * times per bearer token; throttled requests do not take a slot.
 */

const WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSec: number };

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;

  constructor(limitPerMinute: number) {
    this.limit = limitPerMinute;
  }

  take(token: string, now: number = Date.now()): RateDecision {
    let times = this.hits.get(token);
    if (times === undefined) {
      times = [];
      this.hits.set(token, times);
    }
    let expired = 0;
    while (expired < times.length && times[expired]! <= now - WINDOW_MS) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length >= this.limit) {
      const oldest = times[0] ?? now;
      return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
    }
    times.push(now);
    return { allowed: true };
  }

  reset(): void {
    this.hits.clear();
  }
}
