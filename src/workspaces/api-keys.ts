import { createHash } from 'node:crypto';
import { z } from 'zod';
import { workspaceKeys } from '../budget/keys.ts';
import { IcAuthError } from '../ic/errors.ts';
import type { SecretBox } from '../secrets.ts';
import type { Store } from '../store/types.ts';

/**
 * A workspace's own Influencers Club API key (multi-workspace mode, optional): sealed with
 * SCOUT_ENCRYPTION_KEY like the Slack tokens, shown only as its last four characters. The account
 * id (a hash of the key) separates what belongs to one Influencers Club account: its balance and
 * the caches of its paid answers.
 */

export const apiKeyKeys = { key: workspaceKeys.apiKey } as const;

const record = z.object({
  sealed: z.string(),
  last4: z.string(),
  setBy: z.string(),
  setAt: z.number(),
});

export interface ApiKeyInfo {
  readonly last4: string;
  readonly setBy: string;
  readonly setAt: number;
}

export interface WorkspaceApiKey extends ApiKeyInfo {
  readonly apiKey: string;
  readonly accountId: string;
}

/** A short, stable id for an API key's account that reveals nothing of the key. */
export function accountIdOf(apiKey: string): string {
  return `k${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;
}

export function last4Of(apiKey: string): string {
  return apiKey.slice(-4);
}

export class WorkspaceApiKeys {
  readonly #store: Store;
  readonly #box: SecretBox;
  readonly #clock: () => number;

  constructor(options: { store: Store; box: SecretBox; clock: () => number }) {
    this.#store = options.store;
    this.#box = options.box;
    this.#clock = options.clock;
  }

  async get(team: string): Promise<WorkspaceApiKey | null> {
    const key = apiKeyKeys.key(team);
    const parsed = record.safeParse(await this.#store.kv.get(key));
    if (!parsed.success) return null;
    try {
      const apiKey = this.#box.open(parsed.data.sealed, key);
      const { last4, setBy, setAt } = parsed.data;
      return { apiKey, accountId: accountIdOf(apiKey), last4, setBy, setAt };
    } catch {
      return null;
    }
  }

  async info(team: string): Promise<ApiKeyInfo | null> {
    const parsed = record.safeParse(await this.#store.kv.get(apiKeyKeys.key(team)));
    if (!parsed.success) return null;
    const { last4, setBy, setAt } = parsed.data;
    return { last4, setBy, setAt };
  }

  async set(team: string, apiKey: string, by: string): Promise<ApiKeyInfo> {
    const key = apiKeyKeys.key(team);
    const info = { last4: last4Of(apiKey), setBy: by, setAt: this.#clock() };
    await this.#store.kv.set(key, { sealed: this.#box.seal(apiKey, key), ...info });
    return info;
  }

  async remove(team: string): Promise<boolean> {
    return this.#store.kv.delete(apiKeyKeys.key(team));
  }
}

export type KeyCheck =
  | { readonly ok: true; readonly creditsAvailable: number }
  | { readonly ok: false; readonly reason: 'rejected' | 'unreachable' };

/** Checks a key with `/accounts/credits/` (free) before it is saved. */
export async function checkApiKey(account: {
  credits(): Promise<{ creditsAvailable: number }>;
}): Promise<KeyCheck> {
  try {
    return { ok: true, creditsAvailable: (await account.credits()).creditsAvailable };
  } catch (error) {
    return { ok: false, reason: error instanceof IcAuthError ? 'rejected' : 'unreachable' };
  }
}

/** What the Slack layer may do with workspaces' API keys (ScoutDeps.workspaceApiKeys). */
export interface WorkspaceApiKeysPort {
  /** Whether Scout has an operator key (INFLUENCERS_CLUB_API_KEY) to fall back on. */
  readonly operatorKey: boolean;
  info(team: string): Promise<ApiKeyInfo | null>;
  check(apiKey: string): Promise<KeyCheck>;
  set(team: string, apiKey: string, by: string): Promise<ApiKeyInfo>;
  remove(team: string): Promise<void>;
  /** Whether `team` has an account to spend: its own key, or the operator's. */
  hasAccount(team: string): Promise<boolean>;
  /** The workspace's own key in clear, for work that builds its own client (the batch results worker). */
  apiKeyFor(team: string): Promise<string | null>;
}
