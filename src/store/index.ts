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
  try {
    return location.backend === 'sqlite'
      ? await openSqliteStore(location.path, { namespace })
      : await openRedisStore(location.url, { namespace });
  } catch (error) {
    // A bad namespace is the caller's mistake, not STORE_URL's.
    if (error instanceof RangeError || error instanceof TypeError) throw error;
    throw new StoreOpenError(openFailure(location, error), { cause: error });
  }
}

/** The store named by STORE_URL cannot be opened; the message is one line saying what to do. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

function openFailure(location: StoreLocation, error: unknown): string {
  // The root cause (redis.ts wraps the socket error) in one line.
  const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = (root instanceof Error ? root.message : String(root)).split('\n')[0] ?? '';
  if (location.backend === 'redis') {
    // Never the password: only the host and port.
    const where = `${new URL(location.url).protocol}//${new URL(location.url).host}`;
    return `STORE_URL=${where}: no Redis answers there (${reason}). Start Redis at that address, or set STORE_URL to one that answers (or to sqlite://./data/scout.sqlite: one process, no server)`;
  }
  return `STORE_URL=sqlite://${location.path}: cannot open the SQLite file (${reason}). Set STORE_URL to a writable path, e.g. sqlite://./data/scout.sqlite (the folder is created if missing)`;
}
