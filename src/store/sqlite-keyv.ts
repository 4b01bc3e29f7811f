import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import type { SqliteDatabase } from './sqlite-database.ts';

/**
 * Keyv storage adapter on node:sqlite (instead of @keyv/sqlite, which builds sqlite3 from source).
 *
 * Keyv hands over its serialized string and the TTL; the TTL becomes `expires_at`, so an expired
 * entry reads as missing here even before Keyv looks at the expiry inside the value, and the
 * database sweeps it later. Keys are stored as given, beside the namespace Keyv assigns to
 * `this.namespace` (Keyv's own key prefixing is turned off), so `clear()` empties one namespace.
 */
export class SqliteKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  namespace?: string | undefined;
  private readonly database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    super();
    this.database = database;
  }

  /** `dialect: 'sqlite'` is how Keyv recognises an adapter whose `iterator()` it may use. */
  get opts(): { dialect: 'sqlite'; url: string } {
    return { dialect: 'sqlite', url: `sqlite://${this.database.path}` };
  }

  private get ns(): string {
    return this.namespace ?? '';
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const row = this.database.row<{ value: string }>(
      'SELECT value FROM kv WHERE namespace = $ns AND key = $key AND (expires_at IS NULL OR expires_at > $now)',
      { ns: this.ns, key, now: Date.now() },
    );
    return row?.value as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    return Promise.all(keys.map((key) => this.get<Value>(key)));
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async hasMany(keys: string[]): Promise<boolean[]> {
    return Promise.all(keys.map((key) => this.has(key)));
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const now = Date.now();
    this.database.sweepIfDue(now);
    this.database.run(
      `INSERT INTO kv (namespace, key, value, expires_at) VALUES ($ns, $key, $value, $expiresAt)
       ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      {
        ns: this.ns,
        key,
        value: typeof value === 'string' ? value : JSON.stringify(value),
        expiresAt: typeof ttl === 'number' && ttl > 0 ? now + ttl : null,
      },
    );
    return true;
  }

  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    for (const { key, value, ttl } of entries) await this.set(key, value, ttl);
  }

  async delete(key: string): Promise<boolean> {
    return this.database.run('DELETE FROM kv WHERE namespace = $ns AND key = $key', { ns: this.ns, key }) > 0;
  }

  /** True when at least one key was deleted (as @keyv/redis answers). */
  async deleteMany(keys: string[]): Promise<boolean> {
    let deleted = false;
    for (const key of keys) deleted = (await this.delete(key)) || deleted;
    return deleted;
  }

  async clear(): Promise<void> {
    this.database.run('DELETE FROM kv WHERE namespace = $ns', { ns: this.ns });
  }

  async *iterator<Value>(
    namespace?: string,
  ): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    const rows = this.database.rows<{ key: string; value: string }>(
      'SELECT key, value FROM kv WHERE namespace = $ns AND (expires_at IS NULL OR expires_at > $now) ORDER BY key',
      { ns: namespace ?? this.ns, now: Date.now() },
    );
    for (const { key, value } of rows) yield [key, value as Awaited<Value>];
  }

  async disconnect(): Promise<void> {
    this.database.close();
  }
}
