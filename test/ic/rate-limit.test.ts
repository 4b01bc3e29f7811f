import { describe, expect, it } from 'vitest';
import { type Clock, SlidingWindowLimiter, sharedLimiter } from '../../src/ic/rate-limit.ts';

/** A clock that only moves when a waiter sleeps, so the window logic is tested without real time. */
class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

describe('SlidingWindowLimiter', () => {
  it('lets `requests` through at once, then makes the next wait until the oldest leaves the window', async () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter({ requests: 3, windowMs: 60_000 }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.acquire();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
  });

  it('never admits more than `requests` in any window (property over arrival times)', async () => {
    const clock = new FakeClock();
    const limit = { requests: 5, windowMs: 1_000 };
    const limiter = new SlidingWindowLimiter(limit, clock);
    const starts: number[] = [];
    // arrivals spread unevenly: bursts and gaps
    const gaps = [0, 0, 0, 10, 0, 0, 0, 0, 300, 0, 700, 0, 0, 0, 0, 0, 0, 2000, 0, 0, 1, 1, 1, 1, 1, 1];
    for (const gap of gaps) {
      clock.time += gap;
      await limiter.acquire();
      starts.push(clock.now());
    }
    for (const start of starts) {
      const inWindow = starts.filter((t) => t >= start && t < start + limit.windowMs).length;
      expect(inWindow).toBeLessThanOrEqual(limit.requests);
    }
    expect(starts).toHaveLength(gaps.length);
  });

  it('serves concurrent waiters in arrival order', async () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter({ requests: 1, windowMs: 100 }, clock);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limiter.acquire().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect(clock.now()).toBe(200);
  });

  it('refuses nonsensical limits', () => {
    expect(() => new SlidingWindowLimiter({ requests: 0, windowMs: 1000 })).toThrow(/requests/);
    expect(() => new SlidingWindowLimiter({ requests: 1, windowMs: 0 })).toThrow(/windowMs/);
  });
});

describe('sharedLimiter', () => {
  it('is one instance per key + base URL (+ limits), and different for another key or URL', () => {
    const limit = { requests: 300, windowMs: 60_000 };
    const a = sharedLimiter('key-a', 'https://api.test', limit);
    expect(sharedLimiter('key-a', 'https://api.test', limit)).toBe(a);
    expect(sharedLimiter('key-b', 'https://api.test', limit)).not.toBe(a);
    expect(sharedLimiter('key-a', 'https://other.test', limit)).not.toBe(a);
  });
});
