import Keyv from 'keyv';
import { checkNamespace, withArgumentChecks } from './checks.ts';
import { SqliteDatabase, type SqliteDatabaseOptions } from './sqlite-database.ts';
import { SqliteKeyvAdapter } from './sqlite-keyv.ts';
import type { AtomicStore, ReserveResult, Store } from './types.ts';

/**
 * The SQLite backend: one file, no server. Expiry uses this process's clock (`Date.now()`), so
 * processes sharing a file should run on one machine (they must anyway: SQLite over a network
 * filesystem is not safe).
 */

export interface SqliteStoreOptions extends SqliteDatabaseOptions {
  namespace: string;
}

/** `path` is absolute (or `:memory:`); its folder is created if missing. */
export async function openSqliteStore(path: string, options: SqliteStoreOptions): Promise<Store> {
  const namespace = checkNamespace(options.namespace);
  const database = new SqliteDatabase(path, options);
  const kv = new Keyv({
    store: new SqliteKeyvAdapter(database),
    namespace,
    useKeyPrefix: false,
    throwOnErrors: true,
  });
  return {
    backend: 'sqlite',
    kv,
    atomic: withArgumentChecks(new SqliteAtomicStore(database, namespace)),
    async close() {
      database.close();
    },
  };
}

const alive = '(expires_at IS NULL OR expires_at > $now)';

/** A new expiry when the write brings a TTL; otherwise the key keeps the one it has (or none). */
function expiryAfterWrite(now: number, ttlMs: number | undefined, current: number | null): number | null {
  return ttlMs === undefined ? current : now + ttlMs;
}

class SqliteAtomicStore implements AtomicStore {
  private readonly db: SqliteDatabase;
  private readonly ns: string;

  constructor(db: SqliteDatabase, ns: string) {
    this.db = db;
    this.ns = ns;
  }

  /** The live counter row (an expired one counts as absent). */
  private counter(key: string, now: number): { value: number; expires_at: number | null } | undefined {
    return this.db.row(
      `SELECT value, expires_at FROM counters WHERE namespace = $ns AND key = $key AND ${alive}`,
      {
        ns: this.ns,
        key,
        now,
      },
    );
  }

  private writeCounter(key: string, value: number, expiresAt: number | null): void {
    this.db.run(
      `INSERT INTO counters (namespace, key, value, expires_at) VALUES ($ns, $key, $value, $expiresAt)
       ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      { ns: this.ns, key, value, expiresAt },
    );
  }

  async reserve(key: string, amount: number, limit: number, ttlMs?: number): Promise<ReserveResult> {
    const now = Date.now();
    this.db.sweepIfDue(now);
    return this.db.transaction(() => {
      const current = this.counter(key, now);
      const total = (current?.value ?? 0) + amount;
      if (total > limit) return { ok: false, total: current?.value ?? 0 };
      this.writeCounter(key, total, expiryAfterWrite(now, ttlMs, current?.expires_at ?? null));
      return { ok: true, total };
    });
  }

  async adjust(key: string, delta: number, ttlMs?: number): Promise<number> {
    const now = Date.now();
    this.db.sweepIfDue(now);
    return this.db.transaction(() => {
      const current = this.counter(key, now);
      const total = (current?.value ?? 0) + delta;
      this.writeCounter(key, total, expiryAfterWrite(now, ttlMs, current?.expires_at ?? null));
      return total;
    });
  }

  async read(key: string): Promise<number> {
    return this.counter(key, Date.now())?.value ?? 0;
  }

  private holder(key: string, now: number): string | null {
    const row = this.db.row<{ owner: string }>(
      'SELECT owner FROM leases WHERE namespace = $ns AND key = $key AND expires_at > $now',
      { ns: this.ns, key, now },
    );
    return row?.owner ?? null;
  }

  async acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    this.db.sweepIfDue(now);
    return this.db.transaction(() => {
      const holder = this.holder(key, now);
      if (holder !== null && holder !== owner) return false;
      this.db.run(
        `INSERT INTO leases (namespace, key, owner, expires_at) VALUES ($ns, $key, $owner, $expiresAt)
         ON CONFLICT (namespace, key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
        { ns: this.ns, key, owner, expiresAt: now + ttlMs },
      );
      return true;
    });
  }

  async renewLease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    this.db.sweepIfDue(now);
    // One conditional UPDATE is atomic by itself: it only matches a live lease held by `owner`.
    const changed = this.db.run(
      `UPDATE leases SET expires_at = $expiresAt
       WHERE namespace = $ns AND key = $key AND owner = $owner AND expires_at > $now`,
      { ns: this.ns, key, owner, now, expiresAt: now + ttlMs },
    );
    return changed > 0;
  }

  async releaseLease(key: string, owner: string): Promise<boolean> {
    const changed = this.db.run(
      'DELETE FROM leases WHERE namespace = $ns AND key = $key AND owner = $owner AND expires_at > $now',
      { ns: this.ns, key, owner, now: Date.now() },
    );
    return changed > 0;
  }

  async leaseHolder(key: string): Promise<string | null> {
    return this.holder(key, Date.now());
  }

  async addToSet(key: string, member: string): Promise<void> {
    this.db.run('INSERT OR IGNORE INTO set_members (namespace, key, member) VALUES ($ns, $key, $member)', {
      ns: this.ns,
      key,
      member,
    });
  }

  async removeFromSet(key: string, member: string): Promise<void> {
    this.db.run('DELETE FROM set_members WHERE namespace = $ns AND key = $key AND member = $member', {
      ns: this.ns,
      key,
      member,
    });
  }

  async setMembers(key: string): Promise<string[]> {
    return this.db
      .rows<{ member: string }>('SELECT member FROM set_members WHERE namespace = $ns AND key = $key', {
        ns: this.ns,
        key,
      })
      .map((row) => row.member);
  }

  async incrementField(key: string, field: string, delta: number, ttlMs?: number): Promise<number> {
    const now = Date.now();
    this.db.sweepIfDue(now);
    return this.db.transaction(() => {
      const expiresAt = this.liveExpiry('fields', key, now);
      const row = this.db.row<{ value: number }>(
        `INSERT INTO fields (namespace, key, field, value, expires_at) VALUES ($ns, $key, $field, $delta, $expiresAt)
         ON CONFLICT (namespace, key, field) DO UPDATE SET value = value + excluded.value
         RETURNING value`,
        { ns: this.ns, key, field, delta, expiresAt },
      )!;
      if (ttlMs !== undefined) this.setExpiry('fields', key, now + ttlMs);
      return row.value;
    });
  }

  async readFields(key: string): Promise<Record<string, number>> {
    const rows = this.db.rows<{ field: string; value: number }>(
      `SELECT field, value FROM fields WHERE namespace = $ns AND key = $key AND ${alive}`,
      { ns: this.ns, key, now: Date.now() },
    );
    return Object.fromEntries(rows.map((row) => [row.field, row.value]));
  }

  async appendLog(key: string, entry: string, maxLength: number, ttlMs?: number): Promise<void> {
    const now = Date.now();
    this.db.sweepIfDue(now);
    this.db.transaction(() => {
      const expiresAt = this.liveExpiry('log_entries', key, now);
      const params = { ns: this.ns, key };
      this.db.run(
        'INSERT INTO log_entries (namespace, key, entry, expires_at) VALUES ($ns, $key, $entry, $expiresAt)',
        { ...params, entry, expiresAt },
      );
      if (ttlMs !== undefined) this.setExpiry('log_entries', key, now + ttlMs);
      this.db.run(
        `DELETE FROM log_entries WHERE namespace = $ns AND key = $key AND id <= (
           SELECT id FROM log_entries WHERE namespace = $ns AND key = $key ORDER BY id DESC LIMIT 1 OFFSET $keep)`,
        { ...params, keep: maxLength },
      );
    });
  }

  async readLog(key: string, limit: number): Promise<string[]> {
    return this.db
      .rows<{ entry: string }>(
        `SELECT entry FROM log_entries WHERE namespace = $ns AND key = $key AND ${alive} ORDER BY id DESC LIMIT $limit`,
        { ns: this.ns, key, now: Date.now(), limit },
      )
      .map((row) => row.entry);
  }

  /**
   * For the multi-row kinds (fields, logs) every row carries the key's expiry. Returns the live
   * key's expiry (null = none); an expired key is deleted first so it starts afresh, as in Redis.
   */
  private liveExpiry(table: 'fields' | 'log_entries', key: string, now: number): number | null {
    const params = { ns: this.ns, key };
    const row = this.db.row<{ expires_at: number | null }>(
      `SELECT expires_at FROM ${table} WHERE namespace = $ns AND key = $key LIMIT 1`,
      params,
    );
    if (row?.expires_at != null && row.expires_at <= now) {
      this.db.run(`DELETE FROM ${table} WHERE namespace = $ns AND key = $key`, params);
      return null;
    }
    return row?.expires_at ?? null;
  }

  private setExpiry(table: 'fields' | 'log_entries', key: string, expiresAt: number): void {
    this.db.run(`UPDATE ${table} SET expires_at = $expiresAt WHERE namespace = $ns AND key = $key`, {
      ns: this.ns,
      key,
      expiresAt,
    });
  }
}
