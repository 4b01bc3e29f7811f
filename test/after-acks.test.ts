import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterWaitingAcks } from '../src/slack/respond.ts';

/**
 * Work after an ack waits for the burst of acks to end, then starts one piece per event-loop turn.
 * Fake timers drive setTimeout, setImmediate and performance.now() (each fake setImmediate turn
 * moves the clock on by 1 ms, so every step below advances the clock instead of only awaiting).
 */
describe('afterWaitingAcks', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function track(label: string, started: string[]): Promise<void> {
    return afterWaitingAcks().then(() => {
      started.push(label);
    });
  }

  it('starts nothing while acks keep coming, then everything in arrival order', async () => {
    const started: string[] = [];
    const all = [track('a', started), track('b', started)];
    await vi.advanceTimersByTimeAsync(2);
    expect(started).toEqual([]);
    all.push(track('c', started)); // another command acked: the quiet period starts again
    await vi.advanceTimersByTimeAsync(2);
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    await Promise.all(all);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('starts one piece per turn, so an ack arriving in between goes first', async () => {
    const started: string[] = [];
    const first = [track('a', started), track('b', started)];
    await vi.advanceTimersByTimeAsync(3);
    // 'a' started on the quiet timer; 'b' waits for the next turn
    expect(started).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(10);
    await Promise.all(first);
    expect(started).toEqual(['a', 'b']);
  });

  it('never holds work back longer than 100 ms under steady load', async () => {
    const started: string[] = [];
    const all = [track('first', started)];
    // a command acked every millisecond: the burst never goes quiet
    for (let ms = 1; ms <= 150; ms++) {
      await vi.advanceTimersByTimeAsync(1);
      all.push(track(`ack ${ms}`, started));
      if (ms === 95) expect(started).toEqual([]);
    }
    expect(started[0]).toBe('first');
    expect(started.length).toBeGreaterThan(1);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(all);
    expect(started).toHaveLength(151);
  });
});
