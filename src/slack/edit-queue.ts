/**
 * Message edits kept within Slack's chat.update limit (Tier 3, about 50 a minute per workspace)
 * however many batch jobs report progress at once:
 * - per message, only the latest pending edit is sent (an edit supersedes any earlier one still
 *   waiting: progress messages show state, not history);
 * - per workspace, a token bucket (`perMinute`, a small `burst`) paces the sends;
 * - a 429's Retry-After (`pause`) holds every send until it has passed (one queue serves one
 *   bot token, so one workspace; Slack's limit is per workspace and per method).
 * Edits of one message never overlap, so they reach Slack in order.
 */

export interface EditQueueOptions {
  /** Sends per minute per workspace. Default 45: under Slack's ~50, leaving room for other edits. */
  perMinute?: number;
  /** Sends allowed at once after a quiet spell. Default 5. */
  burst?: number;
  clock?: () => number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Pending {
  team: string;
  send: () => Promise<void>;
  waiters: Waiter[];
}

interface Bucket {
  tokens: number;
  at: number;
}

export class EditQueue {
  private readonly perMs: number;
  private readonly burst: number;
  private readonly clock: () => number;
  /** Waiting edits by message, in the order their message first queued (Map order). */
  private readonly pending = new Map<string, Pending>();
  /** Messages with an edit on its way to Slack. */
  private readonly inFlight = new Set<string>();
  private readonly buckets = new Map<string, Bucket>();
  private timer: NodeJS.Timeout | null = null;
  private pausedUntil = 0;

  constructor(options: EditQueueOptions = {}) {
    const perMinute = options.perMinute ?? 45;
    this.burst = options.burst ?? 5;
    if (!(perMinute > 0) || !(this.burst >= 1))
      throw new RangeError('EditQueue needs perMinute > 0, burst >= 1');
    this.perMs = perMinute / 60_000;
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Queues `send` as the next edit of `message` in workspace `team`, replacing an edit of it still
   * waiting. Resolves when this edit, or one that superseded it, went out; rejects when that send
   * failed.
   */
  edit(team: string, message: string, send: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiting = this.pending.get(message);
      if (waiting) {
        waiting.send = send;
        waiting.waiters.push({ resolve, reject });
      } else {
        this.pending.set(message, { team, send, waiters: [{ resolve, reject }] });
      }
      this.pump();
    });
  }

  /**
   * Drops the waiting edit of `message` (not one already on its way): its sender no longer owns
   * the message, and a stale edit sent later could overwrite a newer one. Its waiters resolve.
   */
  cancel(message: string): void {
    const waiting = this.pending.get(message);
    if (!waiting) return;
    this.pending.delete(message);
    for (const w of waiting.waiters) w.resolve();
  }

  /** Slack answered 429 with Retry-After: no edit goes out before it has passed. */
  pause(retryAfterMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock() + retryAfterMs);
    this.pump();
  }

  /** Edits waiting (tests, metrics). */
  get waiting(): number {
    return this.pending.size;
  }

  private bucket(team: string, now: number): Bucket {
    let bucket = this.buckets.get(team);
    if (!bucket) {
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(team, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    return bucket;
  }

  private pump(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const now = this.clock();
    if (this.pausedUntil > now) {
      if (this.pending.size > 0) this.wakeIn(this.pausedUntil - now);
      return;
    }
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const [message, edit] of this.pending) {
      if (this.inFlight.has(message)) continue;
      const bucket = this.bucket(edit.team, now);
      if (bucket.tokens < 1) {
        wakeAt = Math.min(wakeAt, now + Math.ceil((1 - bucket.tokens) / this.perMs));
        continue;
      }
      bucket.tokens -= 1;
      this.pending.delete(message);
      this.inFlight.add(message);
      edit
        .send()
        .then(
          () => {
            for (const w of edit.waiters) w.resolve();
          },
          (error: unknown) => {
            for (const w of edit.waiters) w.reject(error);
          },
        )
        .finally(() => {
          this.inFlight.delete(message);
          this.pump();
        });
    }
    if (Number.isFinite(wakeAt)) this.wakeIn(wakeAt - now);
  }

  private wakeIn(ms: number): void {
    this.timer = setTimeout(() => this.pump(), Math.max(1, ms));
    this.timer.unref?.();
  }
}
