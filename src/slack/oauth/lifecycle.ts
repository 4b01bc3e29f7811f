import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import { z } from 'zod';
import { NO_API_KEY_TEXT } from '../../../views/api-key.ts';
import type { Logger } from '../../log.ts';
import { runForWorkspace } from '../../workspaces/accounts.ts';
import type { WorkspaceApiKeysPort } from '../../workspaces/api-keys.ts';
import type { Workspaces } from '../../workspaces/registry.ts';
import { slackContext } from '../context.ts';
import { NOT_INSTALLED, type SlackInstallations } from './installations.ts';

/**
 * A workspace arriving and leaving, in multi-workspace mode: requests from a workspace without an
 * installation get one answer and nothing else, and `app_uninstalled` / `tokens_revoked` delete the
 * workspace's tokens at once and stop its batch jobs (src/workspaces/registry.ts).
 */

export const NOT_INSTALLED_TEXT =
  'Scout is not installed here, so nothing was looked up and nothing was charged. Ask an admin of this workspace to add Scout to Slack.';

const envelope = z
  .object({
    is_enterprise_install: z.boolean().optional(),
    authorizations: z.array(z.object({ is_enterprise_install: z.boolean().optional() }).loose()).optional(),
    event: z
      .object({
        type: z.string().optional(),
        tokens: z
          .object({ bot: z.array(z.string()).optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** Global middleware (after `requireWorkspace`): a workspace without an installation is refused. */
export function requireInstalled(log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    if (args.context[NOT_INSTALLED] !== true) {
      await args.next();
      return;
    }
    const { teamId, enterpriseId } = slackContext(args.body);
    const body = args.body as { type?: unknown; command?: unknown };
    log.info(
      { team: teamId, enterprise: enterpriseId, kind: body.command ?? body.type ?? 'unknown' },
      'refused a request from a workspace where Scout is not installed',
    );
    if ('command' in args) {
      await args.ack({ response_type: 'ephemeral', text: NOT_INSTALLED_TEXT });
      return;
    }
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    if ('respond' in args && typeof args.respond === 'function')
      await args
        .respond({ response_type: 'ephemeral', replace_original: false, text: NOT_INSTALLED_TEXT })
        .catch(() => {});
  };
}

/**
 * Global middleware (multi-workspace mode, after `requireInstalled`): everything downstream spends
 * the Influencers Club account of the request's workspace (its own key, else Scout's), and a slash
 * command from a workspace with neither is told how an admin adds a key, and nothing else happens.
 */
export function workspaceAccount(keys: WorkspaceApiKeysPort | undefined): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { teamId } = slackContext(args.body);
    if (keys && 'command' in args && !(await keys.hasAccount(teamId))) {
      await args.ack({ response_type: 'ephemeral', text: NO_API_KEY_TEXT });
      return;
    }
    await runForWorkspace(teamId, () => args.next());
  };
}

/** `app_uninstalled` and `tokens_revoked` (bot): tokens deleted, jobs stopped, retention starts. */
export function registerUninstall(
  app: App,
  deps: {
    installations: SlackInstallations;
    workspaces: Workspaces;
    log: Logger;
    /** The workspace's own Influencers Club key, deleted with its tokens. */
    apiKeys?: WorkspaceApiKeysPort | undefined;
  },
): void {
  const gone = async (body: unknown, why: string) => {
    const { teamId, enterpriseId } = slackContext(body);
    const parsed = envelope.safeParse(body);
    const orgWide =
      parsed.success &&
      (parsed.data.is_enterprise_install === true ||
        parsed.data.authorizations?.[0]?.is_enterprise_install === true);
    if (orgWide && enterpriseId) {
      await deps.installations.delete({ isEnterpriseInstall: true, enterpriseId, teamId: undefined });
      const teams = await deps.workspaces.orgUninstalled(enterpriseId);
      for (const team of teams) await deps.apiKeys?.remove(team);
      deps.log.info({ enterprise: enterpriseId, why, workspaces: teams.length }, 'org-wide install removed');
      return;
    }
    await deps.installations.delete({
      isEnterpriseInstall: false,
      teamId,
      enterpriseId: enterpriseId ?? undefined,
    });
    await deps.apiKeys?.remove(teamId);
    await deps.workspaces.uninstalled(teamId, enterpriseId);
    deps.log.info({ team: teamId, why }, 'tokens deleted');
  };
  app.event('app_uninstalled', async ({ body }) => gone(body, 'app_uninstalled'));
  app.event('tokens_revoked', async ({ body }) => {
    const parsed = envelope.safeParse(body);
    // Scout holds only bot tokens: a revoked user token changes nothing.
    if (parsed.success && (parsed.data.event?.tokens?.bot?.length ?? 0) > 0)
      await gone(body, 'tokens_revoked');
  });
}
