import { AsyncLocalStorage } from 'node:async_hooks';
import type { BudgetGuard, ThresholdListener } from '../budget/guard.ts';
import { budgetKeys } from '../budget/keys.ts';
import type { PaidLookups } from '../budget/lookup-cache.ts';
import type { InfluencersClubClient } from '../ic/client.ts';
import type { Store } from '../store/types.ts';
import type { WorkspaceApiKeys } from './api-keys.ts';

/**
 * Which Influencers Club account a call spends (multi-workspace mode): the workspace's own API key
 * when an admin set one, else the operator's INFLUENCERS_CLUB_API_KEY. Each account has its own
 * client (its key, its rate limiter), its own balance and holds in the guard, and its own caches of
 * paid answers; budgets stay per workspace whichever account pays.
 *
 * Features keep using `deps.ic`, `deps.guard` and `deps.lookups`: those are routers that pick the
 * account per call, from the workspace the call names (a guard or lookup request's `team`, a
 * reservation's `team`, a batch's id), else from the workspace of the request being handled
 * (`runForWorkspace`, set by the Slack layer for every request).
 */

export class NoApiKeyError extends Error {
  override readonly name = 'NoApiKeyError';
  readonly code = 'no_api_key';
  readonly team: string | null;
  constructor(team: string | null) {
    super('no Influencers Club API key for this workspace (none of its own, and no operator key)');
    this.team = team;
  }
}

export interface AccountServices {
  readonly id: string;
  readonly ic: InfluencersClubClient;
  readonly guard: BudgetGuard;
  readonly lookups: PaidLookups;
}

const scope = new AsyncLocalStorage<string>();

/** Runs `work` with calls that name no workspace made for `team`. */
export function runForWorkspace<T>(team: string, work: () => T): T {
  return scope.run(team, work);
}

/** The operator's account (INFLUENCERS_CLUB_API_KEY). */
export const OPERATOR_ACCOUNT = 'operator';
const BATCH_TEAM_TTL_MS = 120 * 24 * 60 * 60 * 1000;
const batchTeamKey = (batchId: string) => `account:batch:${batchId}`;
/** Client methods whose first argument is a batch id (api-ref#batch-status and the rest). */
const BATCH_ID_METHODS = new Set([
  'batchStatus',
  'batchResults',
  'batchResultsCsv',
  'batchDownload',
  'resumeBatch',
]);

/** Guard methods that read budgets and spend only, never an account's balance. */
const BUDGET_ONLY = new Set(['status', 'breakdown', 'recentSpend', 'limitFor']);

type AnyFunction = (...args: unknown[]) => unknown;

/** The store with some keys renamed (kv and atomic alike); everything else passes through. */
function renamingStore(store: Store, rename: (key: string) => string): Store {
  const wrap = <T extends object>(target: T, keyed: (prop: string) => boolean): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        const fn = value as AnyFunction;
        if (typeof prop !== 'string' || !keyed(prop)) return fn.bind(t);
        return (key: unknown, ...rest: unknown[]) =>
          fn.call(t, typeof key === 'string' ? rename(key) : key, ...rest);
      },
    });
  return {
    backend: store.backend,
    kv: wrap(store.kv, (prop) => ['get', 'set', 'delete', 'has'].includes(prop)),
    atomic: wrap(store.atomic, () => true),
    close: () => store.close(),
  };
}

/** The store as one account's guard sees it: its balance and holds under its own keys. */
export function accountStore(store: Store, accountId: string): Store {
  return renamingStore(store, (key) =>
    key === budgetKeys.accountBalance || key === budgetKeys.accountInFlight ? `${key}:${accountId}` : key,
  );
}

/** The store as one account's lookups see it: caches of its paid answers, never another's. */
export function accountCacheStore(store: Store, accountId: string): Store {
  return renamingStore(store, (key) => `acct:${accountId}:${key}`);
}

export interface IcAccountsOptions {
  store: Store;
  keys: WorkspaceApiKeys;
  /** The operator's account (INFLUENCERS_CLUB_API_KEY), or null when there is none. */
  operator: AccountServices | null;
  /** Builds an account's services (the operator's shape: same prices, budget default, retries). */
  create(accountId: string, apiKey: string): AccountServices;
}

export class IcAccounts {
  readonly #o: IcAccountsOptions;
  readonly #accounts = new Map<string, AccountServices>();
  readonly #listeners: ThresholdListener[] = [];
  /** For what is the same for every account (prices, estimates, the budget default). */
  readonly #template: AccountServices;

  constructor(options: IcAccountsOptions) {
    this.#o = options;
    this.#template = options.operator ?? options.create('none', 'no-operator-key');
    if (options.operator) this.#accounts.set(OPERATOR_ACCOUNT, options.operator);
  }

  /** The account `team` spends: its own key's, else the operator's; NoApiKeyError when neither. */
  async forTeam(team: string | undefined): Promise<AccountServices> {
    if (team !== undefined) {
      const own = await this.#o.keys.get(team);
      if (own) {
        let account = this.#accounts.get(own.accountId);
        if (!account) {
          account = this.#o.create(own.accountId, own.apiKey);
          for (const listener of this.#listeners) account.guard.onThresholdCrossed(listener);
          this.#accounts.set(own.accountId, account);
        }
        return account;
      }
    }
    if (this.#o.operator) return this.#o.operator;
    throw new NoApiKeyError(team ?? null);
  }

  /** Whether `team` has an account to spend (its own key or the operator's). */
  async hasAccount(team: string): Promise<boolean> {
    return this.#o.operator !== null || (await this.#o.keys.info(team)) !== null;
  }

  readonly ic: InfluencersClubClient = this.#router(
    () => this.#template.ic,
    async (prop, args) => {
      if (BATCH_ID_METHODS.has(prop) && typeof args[0] === 'string') {
        const team = await this.#o.store.kv.get(batchTeamKey(args[0]));
        if (typeof team === 'string') return (await this.forTeam(team)).ic;
      }
      return (await this.forTeam(scope.getStore())).ic;
    },
    async (prop, _args, result) => {
      const team = scope.getStore();
      const batchId = (result as { batch_id?: unknown } | null)?.batch_id;
      if (prop === 'createBatch' && team !== undefined && typeof batchId === 'string')
        await this.#o.store.kv.set(batchTeamKey(batchId), team, BATCH_TEAM_TTL_MS);
    },
  );

  readonly guard: BudgetGuard = this.#router(
    () => this.#template.guard,
    async (prop, args) => {
      try {
        return (await this.forTeam(teamIn(args[0], true) ?? scope.getStore())).guard;
      } catch (error) {
        // Reading a workspace's budget needs no account: it is the same whichever account pays.
        if (error instanceof NoApiKeyError && BUDGET_ONLY.has(prop)) return this.#template.guard;
        throw error;
      }
    },
    undefined,
    {
      onThresholdCrossed: (listener: unknown) => {
        const l = listener as ThresholdListener;
        this.#listeners.push(l);
        const offs = [...new Set([this.#template, ...this.#accounts.values()])].map((a) =>
          a.guard.onThresholdCrossed(l),
        );
        return () => {
          for (const off of offs) off();
        };
      },
      flush: async () => {
        for (const account of new Set([this.#template, ...this.#accounts.values()]))
          await account.guard.flush();
      },
    },
  );

  readonly lookups: PaidLookups = this.#router(
    () => this.#template.lookups,
    async (_prop, args) => (await this.forTeam(teamIn(args[0], false) ?? scope.getStore())).lookups,
  );

  /**
   * A stand-in for `template()`'s object whose async methods run on the object `pick` chooses per
   * call; plain properties and sync methods come from the template (the same for every account).
   */
  #router<T extends object>(
    template: () => T,
    pick: (prop: string, args: unknown[]) => Promise<T>,
    after?: (prop: string, args: unknown[], result: unknown) => Promise<void>,
    overrides: Record<string, AnyFunction> = {},
  ): T {
    return new Proxy({} as T, {
      get(_target, prop) {
        const base = template();
        if (typeof prop === 'string' && prop in overrides) return overrides[prop];
        const value: unknown = Reflect.get(base, prop, base);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        const kind = (value as { constructor: { name: string } }).constructor.name;
        if (kind === 'AsyncGeneratorFunction')
          return (...args: unknown[]) =>
            (async function* () {
              const target = await pick(prop, args);
              yield* (Reflect.get(target, prop) as (...a: unknown[]) => AsyncIterable<unknown>).apply(
                target,
                args,
              );
            })();
        if (kind !== 'AsyncFunction') return (value as AnyFunction).bind(base);
        return async (...args: unknown[]) => {
          const target = await pick(prop, args);
          const result = await (Reflect.get(target, prop) as AnyFunction).apply(target, args);
          if (after) await after(prop, args, result);
          return result;
        };
      },
      has(_target, prop) {
        return prop in template();
      },
    });
  }
}

/**
 * The workspace a guard or lookup call names: a request or reservation with `team`, or (the guard's
 * reserve, status, breakdown…) a team id as the first argument.
 */
function teamIn(arg: unknown, stringIsTeam: boolean): string | undefined {
  if (stringIsTeam && typeof arg === 'string' && arg !== '') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const team = (arg as { team?: unknown }).team;
    if (typeof team === 'string' && team !== '') return team;
  }
  return undefined;
}
