import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

/**
 * One SQLite file shared by the Keyv adapter and the atomic operations of a store.
 *
 * Several processes may open the same file (a restarted app overlapping the old one, a CLI, the
 * tests), so every read-modify-write runs in `BEGIN IMMEDIATE`, which takes the file's write lock
 * before reading: two writers can never both read the old value. WAL lets readers carry on meanwhile;
 * `busy_timeout` makes a writer wait for the lock instead of failing at once.
 * node:sqlite is synchronous, so inside one process each transaction runs to completion before any
 * other JavaScript, and a transaction never spans an `await`.
 */

const schemaVersion = 1;

// STRICT tables make SQLite enforce the column types, which is what lets the row types below be
// trusted without re-checking each value read.
const schema = `
CREATE TABLE IF NOT EXISTS kv (
  namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at INTEGER,
  PRIMARY KEY (namespace, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS counters (
  namespace TEXT NOT NULL, key TEXT NOT NULL, value INTEGER NOT NULL, expires_at INTEGER,
  PRIMARY KEY (namespace, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS leases (
  namespace TEXT NOT NULL, key TEXT NOT NULL, owner TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (namespace, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS set_members (
  namespace TEXT NOT NULL, key TEXT NOT NULL, member TEXT NOT NULL,
  PRIMARY KEY (namespace, key, member)
) STRICT, WITHOUT ROWID;

-- Every row of one key carries the key's expiry (it applies to the whole key, as in Redis).
CREATE TABLE IF NOT EXISTS fields (
  namespace TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL, value INTEGER NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (namespace, key, field)
) STRICT, WITHOUT ROWID;

-- AUTOINCREMENT keeps ids growing even after the newest rows are swept, so id order is append order.
CREATE TABLE IF NOT EXISTS log_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, namespace TEXT NOT NULL, key TEXT NOT NULL,
  entry TEXT NOT NULL, expires_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS log_entries_by_key ON log_entries (namespace, key, id);
`;

const sweeps = [
  'DELETE FROM kv WHERE expires_at <= $now',
  'DELETE FROM counters WHERE expires_at <= $now',
  'DELETE FROM leases WHERE expires_at <= $now',
  'DELETE FROM fields WHERE expires_at <= $now',
  'DELETE FROM log_entries WHERE expires_at <= $now',
];

export interface SqliteDatabaseOptions {
  /** How long a writer waits for another process's write lock before failing. Default 5 s. */
  busyTimeoutMs?: number;
  /** Expired rows read as missing at once; they are deleted at most this often, on a write. Default 60 s. */
  sweepIntervalMs?: number;
}

type Params = Record<string, SQLInputValue>;

export class SqliteDatabase {
  readonly path: string;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private readonly sweepIntervalMs: number;
  private lastSweep = 0;

  /** `path` is absolute, or `:memory:`. */
  constructor(path: string, options: SqliteDatabaseOptions = {}) {
    this.path = path;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    try {
      // busy_timeout first: switching to WAL and creating tables may wait for another process.
      this.db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
      this.db.exec('PRAGMA journal_mode = WAL');
      // In WAL mode NORMAL stays safe across app crashes; only an OS crash can lose the last commits.
      this.db.exec('PRAGMA synchronous = NORMAL');
      this.transaction(() => {
        const { user_version: version } = this.row<{ user_version: number }>('PRAGMA user_version', {})!;
        if (version > schemaVersion) {
          throw new Error(
            `${path} was written by a newer Scout (store schema ${version}, this one knows ${schemaVersion})`,
          );
        }
        this.db.exec(schema);
        this.db.exec(`PRAGMA user_version = ${schemaVersion}`);
      });
      this.sweep(Date.now());
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** Runs `work` holding the file's write lock; rolls back if it throws. `work` must not await. */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Deletes expired rows if the last sweep is old enough. Call before writes. */
  sweepIfDue(now: number): void {
    if (now - this.lastSweep >= this.sweepIntervalMs) this.sweep(now);
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    this.transaction(() => {
      for (const sql of sweeps) this.run(sql, { now });
    });
  }

  run(sql: string, params: Params): number {
    return Number(this.statement(sql).run(params).changes);
  }

  /** The row types are those of the STRICT schema above. */
  row<T>(sql: string, params: Params): T | undefined {
    return this.statement(sql).get(params) as T | undefined;
  }

  rows<T>(sql: string, params: Params): T[] {
    return this.statement(sql).all(params) as T[];
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
