import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { teamOf } from '../src/slack/context.ts';
import { API_KEY_ACTIONS, API_KEY_MODAL, apiKeyCheckError, apiKeyModal } from '../views/api-key.ts';
import { NOT_ADMIN_ERROR, notAdminModal } from '../views/home.ts';
import { publishHome } from './home.ts';

/**
 * A workspace's own Influencers Club API key (multi-workspace mode), set by its admins from App
 * Home: Set / Change opens a modal, the key is checked with `/accounts/credits/` before it is saved
 * (sealed), and Remove goes back to Scout's shared account. Registers nothing in single-workspace
 * mode.
 */
export const apiKey: Feature = {
  name: 'api-key',
  register(app, deps) {
    const keys = deps.workspaceApiKeys;
    if (!keys) return;

    app.action<BlockButtonAction>(
      API_KEY_ACTIONS.set,
      async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
        await ack();
        const team = teamOf(body);
        const admin = await deps.admins.isAdmin(client, team, body.user.id);
        const view = admin ? apiKeyModal() : notAdminModal({ adminIds: deps.admins.configuredIds });
        await client.views.open({ trigger_id: body.trigger_id, view }).catch((error: unknown) => {
          deps.log.warn({ err: error, team }, 'could not open the API key modal');
        });
      },
    );

    app.action<BlockButtonAction>(
      API_KEY_ACTIONS.remove,
      async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
        await ack();
        const team = teamOf(body);
        const user = body.user.id;
        if (!(await deps.admins.isAdmin(client, team, user))) {
          deps.log.warn({ team, user }, 'a non-admin tried to remove the API key; refused');
          return;
        }
        await keys.remove(team);
        deps.log.info({ team, user }, "the workspace's own API key was removed");
        await publishHome(deps, client, team, user, removedNotice(deps));
      },
    );

    app.view<ViewSubmitAction>(
      API_KEY_MODAL.callbackId,
      async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
        const team = teamOf(body);
        const user = body.user.id;
        const error = (text: string) =>
          ack({ response_action: 'errors', errors: { [API_KEY_MODAL.blockId]: text } });
        if (!(await deps.admins.isAdmin(client, team, user))) return error(NOT_ADMIN_ERROR);
        const value = (
          view.state.values[API_KEY_MODAL.blockId]?.[API_KEY_MODAL.actionId]?.value ?? ''
        ).trim();
        if (value === '' || /\s/.test(value)) return error(apiKeyCheckError('malformed'));
        const check = await keys.check(value);
        if (!check.ok) {
          deps.log.info({ team, user, reason: check.reason }, 'an API key was not saved: its check failed');
          return error(apiKeyCheckError(check.reason));
        }
        const saved = await keys.set(team, value, user);
        await ack();
        deps.log.info({ team, user }, "the workspace's own API key was set");
        await publishHome(
          deps,
          client,
          team,
          user,
          `:white_check_mark: Saved: this workspace now spends its own Influencers Club account (key ending in \`${saved.last4}\`).`,
        );
      },
    );
  },
};

function removedNotice(deps: ScoutDeps): string {
  return deps.workspaceApiKeys?.operatorKey
    ? ":white_check_mark: Removed: this workspace spends Scout's shared Influencers Club account again."
    : ':white_check_mark: Removed: paid lookups stop until an admin sets an API key again.';
}
