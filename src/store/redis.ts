import { createHash } from 'node:crypto';
import KeyvRedis, { createClient } from '@keyv/redis';
import Keyv from 'keyv';
import { z } from 'zod';
import { checkNamespace, withArgumentChecks } from './checks.ts';
import type { AtomicStore, ReserveResult, Store } from './types.ts';

/**
 * The Redis backend. Key layout, `<ns>` being the store's namespace:
 *   <ns>:kv:<key>                 Keyv entries (strings; Keyv's value JSON)
 *   <ns>:counter:<key>            integer string
 *   <ns>:lease:<key>              owner string, PX expiry
 *   <ns>:set:<key>                set
 *   <ns>:fields:<key>             hash of integers
 *   <ns>:log:<key>                list, newest first
 * One kind per prefix, so a counter and a set of the same name never clash (and no WRONGTYPE).
 * Read-modify-write operations are Lua scripts, which Redis runs without interleaving any other
 * command; expiry is Redis's own (PX / PEXPIRE), so it follows the server's clock.
 */

export interface RedisStoreOptions {
  namespace: string;
  /** How long to wait for the first connection before giving up. Default 5 s. */
  connectTimeoutMs?: number;
}

export async function openRedisStore(url: string, options: RedisStoreOptions): Promise<Store> {
  const namespace = checkNamespace(options.namespace);
  let connected = false;
  const client = newClient(url, options.connectTimeoutMs ?? 5000, () => connected);
  // Failures reach callers as rejected commands; without a listener node-redis's 'error' events
  // would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    // A Redis URL can carry a password: name only host and port.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not connect to Redis at ${new URL(url).host} (STORE_URL): ${reason}`, {
      cause: error,
    });
  }
  connected = true;

  // The same client serves kv and atomic: one connection per store.
  const adapter = new KeyvRedis(client, {
    namespace,
    keyPrefixSeparator: ':kv:',
    throwOnErrors: true,
    throwOnConnectError: true,
  });
  const kv = new Keyv({ store: adapter, namespace, useKeyPrefix: false, throwOnErrors: true });
  return {
    backend: 'redis',
    kv,
    atomic: withArgumentChecks(new RedisAtomicStore(client, namespace)),
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}

function newClient(url: string, connectTimeoutMs: number, hasConnected: () => boolean) {
  return createClient({
    url,
    socket: {
      connectTimeout: connectTimeoutMs,
      // At start-up a refused connection should fail openStore() at once (wrong STORE_URL, no
      // server); once running, a dropped connection is retried with backoff.
      reconnectStrategy: (retries: number, cause: Error) =>
        hasConnected() ? Math.min(50 * 2 ** retries, 2000) : cause,
    },
  });
}

type Client = ReturnType<typeof newClient>;

/** A Lua script run by EVALSHA, falling back to EVAL (which also caches it) when Redis lacks it. */
class Script {
  readonly source: string;
  readonly sha: string;

  constructor(source: string) {
    this.source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: Client, keys: string[], args: Array<string | number>): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    try {
      return await client.evalSha(this.sha, options);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return client.eval(this.source, options);
    }
  }
}

// ARGV[n] = '' means "no TTL": the key keeps whatever expiry it has (INCRBY, HINCRBY and LPUSH do
// not touch it). With a TTL, every successful write resets the whole key's expiry.
const scripts = {
  reserve: new Script(`
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[1])
if current + amount > tonumber(ARGV[2]) then return {0, current} end
local total = redis.call('INCRBY', KEYS[1], amount)
if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {1, total}`),
  adjust: new Script(`
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total`),
  acquireLease: new Script(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`),
  renewLease: new Script(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`),
  releaseLease: new Script(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`),
  incrementField: new Script(`
local value = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return value`),
  appendLog: new Script(`
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1`),
};

const integerReply = z.number().int();
const reserveReply = z.tuple([z.union([z.literal(0), z.literal(1)]), z.number().int()]);
const flagReply = z.union([z.literal(0), z.literal(1)]);
const counterValue = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number)
  .nullable();
const fieldsReply = z.record(
  z.string(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
);

const ttlArgument = (ttlMs: number | undefined) => (ttlMs === undefined ? '' : ttlMs);

class RedisAtomicStore implements AtomicStore {
  private readonly client: Client;
  private readonly ns: string;

  constructor(client: Client, ns: string) {
    this.client = client;
    this.ns = ns;
  }

  private key(kind: 'counter' | 'lease' | 'set' | 'fields' | 'log', key: string): string {
    return `${this.ns}:${kind}:${key}`;
  }

  async reserve(key: string, amount: number, limit: number, ttlMs?: number): Promise<ReserveResult> {
    const reply = await scripts.reserve.run(
      this.client,
      [this.key('counter', key)],
      [amount, limit, ttlArgument(ttlMs)],
    );
    const [ok, total] = reserveReply.parse(reply);
    return { ok: ok === 1, total };
  }

  async adjust(key: string, delta: number, ttlMs?: number): Promise<number> {
    const reply = await scripts.adjust.run(
      this.client,
      [this.key('counter', key)],
      [delta, ttlArgument(ttlMs)],
    );
    return integerReply.parse(reply);
  }

  async read(key: string): Promise<number> {
    return counterValue.parse(await this.client.get(this.key('counter', key))) ?? 0;
  }

  async acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const reply = await scripts.acquireLease.run(this.client, [this.key('lease', key)], [owner, ttlMs]);
    return flagReply.parse(reply) === 1;
  }

  async renewLease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const reply = await scripts.renewLease.run(this.client, [this.key('lease', key)], [owner, ttlMs]);
    return flagReply.parse(reply) === 1;
  }

  async releaseLease(key: string, owner: string): Promise<boolean> {
    const reply = await scripts.releaseLease.run(this.client, [this.key('lease', key)], [owner]);
    return flagReply.parse(reply) === 1;
  }

  async leaseHolder(key: string): Promise<string | null> {
    return z
      .string()
      .nullable()
      .parse(await this.client.get(this.key('lease', key)));
  }

  async addToSet(key: string, member: string): Promise<void> {
    await this.client.sAdd(this.key('set', key), member);
  }

  async removeFromSet(key: string, member: string): Promise<void> {
    await this.client.sRem(this.key('set', key), member);
  }

  async setMembers(key: string): Promise<string[]> {
    return z.array(z.string()).parse(await this.client.sMembers(this.key('set', key)));
  }

  async incrementField(key: string, field: string, delta: number, ttlMs?: number): Promise<number> {
    const reply = await scripts.incrementField.run(
      this.client,
      [this.key('fields', key)],
      [field, delta, ttlArgument(ttlMs)],
    );
    return integerReply.parse(reply);
  }

  async readFields(key: string): Promise<Record<string, number>> {
    // HGETALL answers an object without a prototype; spread it into a plain one.
    return fieldsReply.parse({ ...(await this.client.hGetAll(this.key('fields', key))) });
  }

  async appendLog(key: string, entry: string, maxLength: number, ttlMs?: number): Promise<void> {
    await scripts.appendLog.run(this.client, [this.key('log', key)], [entry, maxLength, ttlArgument(ttlMs)]);
  }

  async readLog(key: string, limit: number): Promise<string[]> {
    // LRANGE 0 -1 would mean "everything", so a limit of 0 never reaches Redis.
    if (limit === 0) return [];
    return z.array(z.string()).parse(await this.client.lRange(this.key('log', key), 0, limit - 1));
  }
}
