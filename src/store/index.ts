import { resolve } from 'node:path';
import { openRedisStore } from './redis.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

export type { AtomicStore, ReserveResult, Store } from './types.ts';

/** Where Scout keeps its data when STORE_URL is not set: a file, no server needed. */
export const defaultStoreUrl = 'sqlite://./data/scout.sqlite';

export interface OpenStoreOptions {
  /**
   * Prefix for every key, in kv and atomic operations alike, so several apps (or test runs) can
   * share one Redis or one SQLite file. Letters, digits, `_`, `.` and `-`. Default `scout`.
   */
  namespace?: string;
}

export type StoreLocation =
  | { readonly backend: 'sqlite'; readonly path: string }
  | { readonly backend: 'redis'; readonly url: string };

const accepted =
  'STORE_URL must be sqlite://<path> (e.g. sqlite://./data/scout.sqlite) or redis://host:port[/db] (rediss:// for TLS)';

/**
 * Reads a STORE_URL. A relative SQLite path resolves from the working directory
 * (`sqlite://./data/x.sqlite`, `sqlite://data/x.sqlite`); `sqlite:///abs/x.sqlite` is absolute.
 * Errors never repeat the URL, which for Redis may hold a password.
 */
export function parseStoreUrl(url: string): StoreLocation {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite://')) {
    const path = trimmed.slice('sqlite://'.length);
    if (path === '') throw new Error(`${accepted}: the sqlite:// URL has no file path`);
    return { backend: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (/^rediss?:\/\//.test(trimmed)) {
    if (!URL.canParse(trimmed)) throw new Error(`${accepted}: the Redis URL does not parse`);
    const parsed = new URL(trimmed);
    if (parsed.hostname === '') throw new Error(`${accepted}: the Redis URL has no host`);
    if (!/^\/?(\d+)?$/.test(parsed.pathname)) {
      throw new Error(`${accepted}: the Redis database after the host must be a number`);
    }
    return { backend: 'redis', url: trimmed };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  throw new Error(scheme === undefined ? `${accepted}` : `${accepted} (got a ${scheme}: URL)`);
}

/**
 * Opens the store STORE_URL names. For Redis this connects (and fails if no server answers);
 * for SQLite it creates the file, its folder and its tables if missing.
 * Close it with `close()` so no connection or file handle is left open.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseStoreUrl(url);
  const namespace = options.namespace ?? 'scout';
  return location.backend === 'sqlite'
    ? openSqliteStore(location.path, { namespace })
    : openRedisStore(location.url, { namespace });
}
