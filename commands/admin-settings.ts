import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { ScoutDeps } from '../src/feature.ts';
import { teamOf } from '../src/slack/context.ts';
import { openModal } from '../src/slack/views.ts';
import { NOT_ADMIN_ERROR, notAdminModal } from '../views/home.ts';
import { publishHome } from './home.ts';

/**
 * One App Home setting edited in a modal by admins only: the button opens the modal (or "admins
 * only" for anyone else), the submission is checked for admin rights again (a modal can outlive a
 * change of role), validated inline, saved, and the Home tab re-published with what changed.
 */

export type ModalValues = ViewSubmitAction['view']['state']['values'];

export type SaveResult =
  | { ok: false; errors: Record<string, string> }
  | { ok: true; notice: string; logged: Record<string, unknown> };

export interface AdminSetting {
  /** What the logs call it ("unfurl", "digest"). */
  readonly name: string;
  /** The Home tab button that opens the modal. */
  readonly openAction: string;
  readonly callbackId: string;
  /** The block under which a non-admin's submission is refused. */
  readonly guardBlock: string;
  modal(deps: ScoutDeps, team: string): Promise<ModalView>;
  save(deps: ScoutDeps, team: string, user: string, values: ModalValues): Promise<SaveResult>;
}

export function registerAdminSetting(app: App, deps: ScoutDeps, setting: AdminSetting): void {
  app.action<BlockButtonAction>(setting.openAction, async ({ ack, body, client }) => {
    await ack();
    const team = teamOf(body);
    const view = (await deps.admins.allows(client, team, body.user.id, deps.log))
      ? await setting.modal(deps, team)
      : notAdminModal({ adminIds: deps.admins.configuredIds });
    await openModal(client, body.trigger_id, view).catch((error: unknown) => {
      deps.log.warn({ err: error, team }, `could not open the ${setting.name} settings`);
    });
  });
  app.view<ViewSubmitAction>(
    setting.callbackId,
    async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const team = teamOf(body);
      const user = body.user.id;
      if (!(await deps.admins.allows(client, team, user, deps.log))) {
        await ack({ response_action: 'errors', errors: { [setting.guardBlock]: NOT_ADMIN_ERROR } });
        return;
      }
      const result = await setting.save(deps, team, user, view.state.values);
      if (!result.ok) {
        await ack({ response_action: 'errors', errors: result.errors });
        return;
      }
      await ack();
      deps.log.info({ team, user, ...result.logged }, `${setting.name} setting changed`);
      await publishHome(deps, client, team, user, result.notice);
    },
  );
}
