import type Keyv from 'keyv';

/**
 * What Scout keeps. `kv` is plain key/value with TTL (caches, settings, jobs, dedupe markers).
 * `atomic` holds the few operations that must be atomic across processes sharing the store
 * (budgets, leases, job indexes), which Keyv cannot express; each backend implements them natively.
 */
export interface Store {
  readonly backend: 'sqlite' | 'redis';
  /**
   * Keyv 5 in the store's namespace. Values go through Keyv's JSON serializer: plain objects,
   * arrays, strings, numbers, booleans and null round-trip; a Date comes back as its ISO string.
   * `clear()` empties this namespace's kv entries only (atomic data stays).
   */
  readonly kv: Keyv;
  readonly atomic: AtomicStore;
  /** Closes the connection / file handle (kv and atomic share it). Safe to call twice. */
  close(): Promise<void>;
}

export type ReserveResult =
  | { readonly ok: true; readonly total: number }
  | { readonly ok: false; readonly total: number };

/**
 * Atomic operations. Counter amounts are integers (Scout counts credits in milli-credits) so
 * sums never drift; a non-integer amount is a programming error and throws.
 * Keys are plain strings; the store applies its own namespace prefix.
 *
 * Argument errors reject before the store is touched: TypeError for a non-integer amount, delta,
 * limit (reserve's or readLog's), ttlMs or maxLength, or an empty key/owner/member/field; RangeError for a negative
 * reserve amount, a ttlMs or maxLength <= 0, or a negative readLog limit.
 * Kinds are separate: a counter, a set and a log may share a name without clashing.
 *
 * TTLs (`ttlMs`, optional) apply to the whole key (the counter, all fields of a key, the whole log).
 * Every successful write that passes a TTL resets the key's expiry to now + ttlMs; a write without
 * one keeps whatever expiry the key has (none for a new key). A refused reserve writes nothing.
 * An expired key reads as absent and starts afresh on the next write.
 */
export interface AtomicStore {
  /** Add `amount` to counter `key` only if the new total stays <= `limit`. Never partial. */
  reserve(key: string, amount: number, limit: number, ttlMs?: number): Promise<ReserveResult>;
  /** Add `delta` (may be negative) unconditionally; returns the new total. Release = adjust(-amount). */
  adjust(key: string, delta: number, ttlMs?: number): Promise<number>;
  /** Current counter value (0 when absent). */
  read(key: string): Promise<number>;

  /**
   * Take the lease if free or expired (or already held by `owner`, which extends it: the expiry
   * becomes now + ttlMs). SQLite measures expiry on this process's clock, Redis on the server's.
   */
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extend a lease `owner` holds; false when someone else holds it or it expired and was taken. */
  renewLease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Give up a lease `owner` holds; false when `owner` did not hold it. */
  releaseLease(key: string, owner: string): Promise<boolean>;
  /** Who holds the lease now (null when free or expired). */
  leaseHolder(key: string): Promise<string | null>;

  /** Unordered set of strings (e.g. active job ids). */
  addToSet(key: string, member: string): Promise<void>;
  removeFromSet(key: string, member: string): Promise<void>;
  setMembers(key: string): Promise<string[]>;

  /** Named integer tallies under one key (e.g. spend per user this month). */
  incrementField(key: string, field: string, delta: number, ttlMs?: number): Promise<number>;
  readFields(key: string): Promise<Record<string, number>>;

  /** Capped log, newest first; keeps the latest `maxLength` entries. `readLog` returns up to `limit`. */
  appendLog(key: string, entry: string, maxLength: number, ttlMs?: number): Promise<void>;
  readLog(key: string, limit: number): Promise<string[]>;
}
