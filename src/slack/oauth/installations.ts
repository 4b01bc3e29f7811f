import { randomUUID } from 'node:crypto';
import type { AuthorizeResult, AuthorizeSourceData } from '@slack/bolt';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/types.ts';
import type { Workspaces } from '../../workspaces/registry.ts';
import { type InstallationRef, type InstallationVault, installationKeys } from '../../workspaces/vault.ts';

/**
 * Multi-workspace mode's tokens: `@slack/oauth`'s installation store on Scout's store (sealed by
 * the vault), Bolt's `authorize` (every request gets the token of the workspace it came from, or of
 * its org's org-wide install), token rotation (an expiring bot token is refreshed before use, once
 * across every replica sharing the store), and the token of a workspace for background work.
 */

/** Context key set by `authorize` when the workspace has no installation (see `requireInstalled`). */
export const NOT_INSTALLED = 'scoutNotInstalled';

/** Refresh a rotating token when less than this is left (Bolt's and @slack/oauth's own margin). */
const REFRESH_MARGIN_SEC = 2 * 60 * 60;
const REFRESH_LEASE_MS = 30_000;
const REFRESH_WAIT_STEP_MS = 50;
const REFRESH_WAIT_STEPS = 400;

const botSchema = z
  .object({
    token: z.string().min(1),
    refreshToken: z.string().optional(),
    expiresAt: z.number().optional(),
    id: z.string().optional(),
    userId: z.string().optional(),
    scopes: z.array(z.string()).optional(),
  })
  .loose();
type Bot = z.infer<typeof botSchema>;

const installationSchema = z
  .object({
    team: z.object({ id: z.string() }).loose().nullish(),
    enterprise: z.object({ id: z.string() }).loose().nullish(),
    isEnterpriseInstall: z.boolean().optional(),
    bot: botSchema.optional(),
  })
  .loose();
type StoredInstallation = z.infer<typeof installationSchema>;

const refreshAnswer = z
  .object({
    access_token: z.string().min(1),
    refresh_token: z.string().min(1),
    expires_in: z.number(),
  })
  .loose();

export class NotInstalledError extends Error {
  override readonly name = 'NotInstalledError';
  readonly code = 'slack_workspace_not_installed';
  constructor(where: string) {
    super(`Scout has no installation for ${where}`);
  }
}

export interface SlackInstallationsOptions {
  store: Store;
  vault: InstallationVault;
  workspaces: Workspaces;
  log: Logger;
  clientId: string;
  clientSecret: string;
  /** For oauth.v2.access (token refresh): SLACK_API_URL, fetch, timeouts. */
  clientOptions: WebClientOptions;
  /** Wall clock (token expiry is real time). */
  now?: () => number;
}

/** The ref an installation is kept under: the org for an org-wide install, else the workspace. */
export function refOf(installation: {
  isEnterpriseInstall?: boolean | undefined;
  team?: { id: string } | null | undefined;
  enterprise?: { id: string } | null | undefined;
}): InstallationRef {
  if (installation.isEnterpriseInstall && installation.enterprise?.id)
    return { kind: 'org', id: installation.enterprise.id };
  if (installation.team?.id) return { kind: 'team', id: installation.team.id };
  throw new TypeError('an installation names neither its workspace nor its org');
}

export class SlackInstallations {
  readonly #o: SlackInstallationsOptions;
  readonly #now: () => number;
  readonly #noTokenClient: WebClient;

  constructor(options: SlackInstallationsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#noTokenClient = new WebClient(undefined, options.clientOptions);
  }

  /** `@slack/oauth`'s store interface, on the vault. */
  get installationStore(): InstallationStore {
    return {
      storeInstallation: async (installation) => this.save(installation),
      fetchInstallation: async (query) => {
        const found = await this.find(query);
        if (!found) throw new NotInstalledError(query.teamId ?? query.enterpriseId ?? 'an unnamed workspace');
        return found.installation as unknown as Installation;
      },
      deleteInstallation: async (query) => {
        await this.delete(query);
      },
    };
  }

  /** A new installation from the OAuth flow (or a reinstall): sealed in the store, workspace active. */
  async save(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const ref = refOf(installation);
    await this.#o.vault.save(ref, installation);
    const { workspaces } = this.#o;
    if (ref.kind === 'team') {
      await workspaces.installed(ref.id, installation.enterprise?.id ?? null);
    } else {
      await workspaces.orgInstalled(ref.id);
    }
    this.#o.log.info(
      {
        [ref.kind === 'org' ? 'enterprise' : 'team']: ref.id,
        rotating: installation.bot?.expiresAt !== undefined,
      },
      'Scout was installed',
    );
  }

  /** The installation serving `query`: the workspace's own, else its org's org-wide install. */
  async find(
    query: Pick<InstallationQuery<boolean>, 'teamId' | 'enterpriseId' | 'isEnterpriseInstall'>,
  ): Promise<{ ref: InstallationRef; installation: StoredInstallation } | null> {
    const refs: InstallationRef[] = [];
    if (query.isEnterpriseInstall && query.enterpriseId) refs.push({ kind: 'org', id: query.enterpriseId });
    else {
      if (query.teamId) refs.push({ kind: 'team', id: query.teamId });
      if (query.enterpriseId) refs.push({ kind: 'org', id: query.enterpriseId });
    }
    for (const ref of refs) {
      const parsed = installationSchema.safeParse(await this.#o.vault.load(ref));
      if (parsed.success && parsed.data.bot) return { ref, installation: parsed.data };
    }
    return null;
  }

  /** Delete an installation's tokens (uninstall, tokens revoked). */
  async delete(query: Pick<InstallationQuery<boolean>, 'teamId' | 'enterpriseId' | 'isEnterpriseInstall'>) {
    const ref: InstallationRef | null =
      query.isEnterpriseInstall && query.enterpriseId
        ? { kind: 'org', id: query.enterpriseId }
        : query.teamId
          ? { kind: 'team', id: query.teamId }
          : null;
    if (ref === null) return null;
    await this.#o.vault.delete(ref);
    return ref;
  }

  /**
   * Bolt's `authorize`: the bot token for the request's workspace. A workspace without an
   * installation gets a context without a token, marked NOT_INSTALLED, so `requireInstalled` can say
   * so (Bolt would acknowledge a thrown error in silence).
   */
  readonly authorize = async (source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> => {
    const found = await this.find(source);
    const ids = {
      ...(source.teamId ? { teamId: source.teamId } : {}),
      ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}),
    };
    if (!found) return { ...ids, [NOT_INSTALLED]: true };
    const bot = await this.freshBot(found.ref, found.installation);
    if (found.ref.kind === 'org' && source.teamId)
      await this.#o.workspaces.servedByOrg(found.ref.id, source.teamId);
    return {
      ...ids,
      botToken: bot.token,
      ...(bot.id ? { botId: bot.id } : {}),
      ...(bot.userId ? { botUserId: bot.userId } : {}),
    };
  };

  /** The bot token for work that is not a request (batch reports, budget notices). */
  async botTokenFor(team: string): Promise<string> {
    const record = await this.#o.workspaces.get(team);
    const found = await this.find({
      teamId: team,
      enterpriseId: record?.enterprise ?? undefined,
      isEnterpriseInstall: false,
    });
    if (!found) throw new NotInstalledError(team);
    return (await this.freshBot(found.ref, found.installation)).token;
  }

  private expiring(bot: Bot): boolean {
    return bot.expiresAt !== undefined && bot.expiresAt - this.#now() / 1000 < REFRESH_MARGIN_SEC;
  }

  /**
   * The bot, its token refreshed first when it expires soon. One process refreshes (it holds the
   * refresh lease and re-reads the installation first); the others wait for the new token.
   */
  private async freshBot(ref: InstallationRef, installation: StoredInstallation): Promise<Bot> {
    const bot = installation.bot;
    if (!bot) throw new NotInstalledError(ref.id);
    if (!this.expiring(bot)) return bot;
    const { atomic } = this.#o.store;
    const lease = installationKeys.refreshLease(ref);
    const owner = randomUUID();
    for (let step = 0; step < REFRESH_WAIT_STEPS; step++) {
      if (await atomic.acquireLease(lease, owner, REFRESH_LEASE_MS)) {
        try {
          const latest = installationSchema.safeParse(await this.#o.vault.load(ref));
          const current = latest.success && latest.data.bot ? latest.data : installation;
          if (current.bot && !this.expiring(current.bot)) return current.bot;
          return await this.refresh(ref, current);
        } finally {
          await atomic.releaseLease(lease, owner).catch(() => false);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, REFRESH_WAIT_STEP_MS));
      const latest = installationSchema.safeParse(await this.#o.vault.load(ref));
      if (latest.success && latest.data.bot && !this.expiring(latest.data.bot)) return latest.data.bot;
    }
    if ((bot.expiresAt ?? 0) * 1000 > this.#now()) return bot;
    throw new Error(`the bot token of ${ref.kind} ${ref.id} expired and could not be refreshed`);
  }

  private async refresh(ref: InstallationRef, installation: StoredInstallation): Promise<Bot> {
    const bot = installation.bot;
    if (!bot?.refreshToken)
      throw new Error(`the bot token of ${ref.kind} ${ref.id} expires but has no refresh token`);
    let answer: z.infer<typeof refreshAnswer>;
    try {
      answer = refreshAnswer.parse(
        await this.#noTokenClient.oauth.v2.access({
          client_id: this.#o.clientId,
          client_secret: this.#o.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: bot.refreshToken,
        }),
      );
    } catch (error) {
      // Keep using the current token while it lasts; the next request tries again.
      const code = (error as { data?: { error?: unknown } }).data?.error;
      this.#o.log.error(
        { [ref.kind]: ref.id, error: typeof code === 'string' ? code : 'unexpected answer' },
        'token refresh failed',
      );
      if ((bot.expiresAt ?? 0) * 1000 > this.#now()) return bot;
      throw new Error(`the bot token of ${ref.kind} ${ref.id} expired and could not be refreshed`);
    }
    const next: Bot = {
      ...bot,
      token: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresAt: Math.floor(this.#now() / 1000) + answer.expires_in,
    };
    await this.#o.vault.save(ref, { ...installation, bot: next });
    this.#o.log.info(
      { [ref.kind]: ref.id, expiresInSec: answer.expires_in },
      'refreshed a rotating bot token',
    );
    return next;
  }
}
