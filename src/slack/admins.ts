import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { workspaceKeys } from '../budget/keys.ts';
import type { Store } from '../store/types.ts';

/**
 * Who may change budgets, start or cancel someone else's batch, and resume paused batches:
 * user ids in SCOUT_ADMINS, and the workspace's own Slack admins and owners (users.info).
 */

const userInfoSchema = z.looseObject({
  user: z
    .looseObject({
      is_admin: z.boolean().optional(),
      is_owner: z.boolean().optional(),
      is_primary_owner: z.boolean().optional(),
    })
    .optional(),
});

const CACHE_TTL_MS = 10 * 60 * 1000;

export class Admins {
  private readonly configured: ReadonlySet<string>;
  private readonly store: Store;

  constructor(options: { scoutAdmins: readonly string[]; store: Store }) {
    this.configured = new Set(options.scoutAdmins);
    this.store = options.store;
  }

  /** Configured admins only (no Slack call): for messages listing who to ask. */
  get configuredIds(): string[] {
    return [...this.configured];
  }

  /**
   * `isAdmin` for deciding what to allow: fails closed (nobody gets admin rights because users.info
   * was unreachable) and logs why.
   */
  async allows(
    client: WebClient,
    team: string,
    user: string,
    log: { warn(obj: object, msg: string): void },
  ): Promise<boolean> {
    try {
      return await this.isAdmin(client, team, user);
    } catch (error) {
      log.warn({ err: error, team, user }, 'could not check whether the user is an admin');
      return false;
    }
  }

  async isAdmin(client: WebClient, team: string, user: string): Promise<boolean> {
    if (this.configured.has(user)) return true;
    const key = workspaceKeys.slackAdmin(team, user);
    const cached = await this.store.kv.get(key);
    if (typeof cached === 'boolean') return cached;
    const info = userInfoSchema.safeParse(await client.users.info({ user }));
    const admin = Boolean(
      info.success &&
        (info.data.user?.is_admin || info.data.user?.is_owner || info.data.user?.is_primary_owner),
    );
    await this.store.kv.set(key, admin, CACHE_TTL_MS);
    return admin;
  }
}
