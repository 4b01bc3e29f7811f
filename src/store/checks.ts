import type { AtomicStore } from './types.ts';

/**
 * Argument checks shared by both backends, applied once in front of them so a bad call is refused
 * the same way everywhere and before anything is read or written.
 * A wrong number here is a programming error (money is counted in integer milli-credits), so these
 * throw (reject) instead of rounding.
 */

function integer(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`${name} must be a whole number (got ${String(value)})`);
  }
}

function positiveInteger(name: string, value: number): void {
  integer(name, value);
  if (value <= 0) throw new RangeError(`${name} must be greater than 0 (got ${value})`);
}

function optionalTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined) positiveInteger('ttlMs', ttlMs);
}

function text(name: string, value: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
}

/**
 * Namespaces become part of Redis keys and of the SCAN pattern `kv.clear()` uses, so glob
 * characters and `:` (the separator between namespace, kind and key) are refused: with them one
 * namespace could match another's keys.
 */
export function checkNamespace(namespace: string): string {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(namespace)) {
    throw new TypeError(
      `store namespace must be 1-100 letters, digits, "_", "." or "-" (got ${JSON.stringify(namespace)})`,
    );
  }
  return namespace;
}

/** Wraps a backend so every operation validates its arguments first. */
export function withArgumentChecks(store: AtomicStore): AtomicStore {
  return {
    async reserve(key, amount, limit, ttlMs) {
      text('key', key);
      integer('amount', amount);
      if (amount < 0)
        throw new RangeError(`amount must not be negative (got ${amount}); use adjust() to give back`);
      integer('limit', limit);
      optionalTtl(ttlMs);
      return store.reserve(key, amount, limit, ttlMs);
    },
    async adjust(key, delta, ttlMs) {
      text('key', key);
      integer('delta', delta);
      optionalTtl(ttlMs);
      return store.adjust(key, delta, ttlMs);
    },
    async read(key) {
      text('key', key);
      return store.read(key);
    },
    async acquireLease(key, owner, ttlMs) {
      text('key', key);
      text('owner', owner);
      positiveInteger('ttlMs', ttlMs);
      return store.acquireLease(key, owner, ttlMs);
    },
    async renewLease(key, owner, ttlMs) {
      text('key', key);
      text('owner', owner);
      positiveInteger('ttlMs', ttlMs);
      return store.renewLease(key, owner, ttlMs);
    },
    async releaseLease(key, owner) {
      text('key', key);
      text('owner', owner);
      return store.releaseLease(key, owner);
    },
    async leaseHolder(key) {
      text('key', key);
      return store.leaseHolder(key);
    },
    async addToSet(key, member) {
      text('key', key);
      text('member', member);
      return store.addToSet(key, member);
    },
    async removeFromSet(key, member) {
      text('key', key);
      text('member', member);
      return store.removeFromSet(key, member);
    },
    async setMembers(key) {
      text('key', key);
      return store.setMembers(key);
    },
    async incrementField(key, field, delta, ttlMs) {
      text('key', key);
      text('field', field);
      integer('delta', delta);
      optionalTtl(ttlMs);
      return store.incrementField(key, field, delta, ttlMs);
    },
    async readFields(key) {
      text('key', key);
      return store.readFields(key);
    },
    async appendLog(key, entry, maxLength, ttlMs) {
      text('key', key);
      if (typeof entry !== 'string') throw new TypeError('entry must be a string');
      positiveInteger('maxLength', maxLength);
      optionalTtl(ttlMs);
      return store.appendLog(key, entry, maxLength, ttlMs);
    },
    async readLog(key, limit) {
      text('key', key);
      integer('limit', limit);
      if (limit < 0) throw new RangeError(`limit must not be negative (got ${limit})`);
      return store.readLog(key, limit);
    },
  };
}
