import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ScoutDeps } from '../src/feature.ts';
import { teamOf } from '../src/slack/context.ts';
import {
  isUnfurlMode,
  parseDailyCap,
  readUnfurlSettings,
  writeUnfurlSettings,
} from '../src/unfurl/settings.ts';
import { formatInteger } from '../views/format.ts';
import { NOT_ADMIN_ERROR, notAdminModal } from '../views/home.ts';
import { UNFURL_SETTINGS, unfurlSettingsModal } from '../views/home-unfurl.ts';
import { publishHome } from './home.ts';

/** App Home → "Link unfurls": admins pick the spend mode and the daily cap (modal validated inline). */

const isAdmin = (deps: ScoutDeps, client: WebClient, team: string, user: string) =>
  deps.admins.allows(client, team, user, deps.log);

export function registerUnfurlSettings(app: App, deps: ScoutDeps): void {
  app.action<BlockButtonAction>(UNFURL_SETTINGS.open, async ({ ack, body, client }) => {
    await ack();
    const team = teamOf(body);
    const settings = await readUnfurlSettings(deps.store, team);
    const view = (await isAdmin(deps, client, team, body.user.id))
      ? unfurlSettingsModal({ ...settings, rawPrice: deps.guard.prices.enrich_raw })
      : notAdminModal({ adminIds: deps.admins.configuredIds });
    await client.views.open({ trigger_id: body.trigger_id, view }).catch((error: unknown) => {
      deps.log.warn({ err: error, team }, 'could not open the unfurl settings');
    });
  });
  app.view<ViewSubmitAction>(
    UNFURL_SETTINGS.callbackId,
    async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const team = teamOf(body);
      const user = body.user.id;
      if (!(await isAdmin(deps, client, team, user))) {
        await ack({ response_action: 'errors', errors: { [UNFURL_SETTINGS.modeBlock]: NOT_ADMIN_ERROR } });
        return;
      }
      const values = view.state.values;
      const mode = values[UNFURL_SETTINGS.modeBlock]?.[UNFURL_SETTINGS.modeAction]?.selected_option?.value;
      const cap = parseDailyCap(values[UNFURL_SETTINGS.capBlock]?.[UNFURL_SETTINGS.capAction]?.value);
      if (!isUnfurlMode(mode)) {
        await ack({ response_action: 'errors', errors: { [UNFURL_SETTINGS.modeBlock]: 'Pick one.' } });
        return;
      }
      if (!cap.ok) {
        await ack({ response_action: 'errors', errors: { [UNFURL_SETTINGS.capBlock]: cap.error } });
        return;
      }
      await writeUnfurlSettings(deps.store, team, {
        mode,
        dailyCap: cap.value,
        setBy: user,
        setAt: deps.clock(),
      });
      await ack();
      deps.log.info({ team, user, mode, dailyCap: cap.value }, 'unfurl setting changed');
      const saved =
        mode === 'auto'
          ? `auto, up to ${formatInteger(cap.value)} raw lookups a day`
          : mode === 'cache'
            ? 'from cache only'
            : 'off';
      await publishHome(
        deps,
        client,
        team,
        user,
        `:white_check_mark: Saved: link unfurls are now *${saved}*.`,
      );
    },
  );
}
