import type { App, BlockAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { BatchFlow, Clicker, FlowNotice, OptionControl } from '../../src/batch/flow.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import { SlackBatchReporter, SlackDraftReporter } from '../../src/slack/batch-reporter.ts';
import { teamOf } from '../../src/slack/context.ts';
import { choiceOf, flowNoticeText } from '../../views/batch.ts';
import { BATCH_ACTIONS, draftIdFromBlock } from '../../views/batch-common.ts';

/** The draft's options, Start, Cancel, and a paused job's Resume. */

const CONTROLS: Record<string, OptionControl> = {
  [BATCH_ACTIONS.mode]: 'mode',
  [BATCH_ACTIONS.platform]: 'platform',
  [BATCH_ACTIONS.audience]: 'audience',
};

export function registerButtons(app: App, deps: ScoutDeps, flow: BatchFlow): void {
  const clicker = (client: WebClient, team: string, user: string): Clicker => ({
    user,
    isAdmin: () => deps.admins.isAdmin(client, team, user),
  });
  /** Only the clicker sees it; an expired response_url leaves nothing else to tell. */
  const tell = async (respond: RespondFn, notice: FlowNotice | null): Promise<void> => {
    if (notice === null) return;
    const text = flowNoticeText(notice, deps.admins.configuredIds);
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
  };
  const draftUi = (client: WebClient) => new SlackDraftReporter(client, deps.log, deps.clock);

  app.action<BlockAction>(
    new RegExp(`^(${BATCH_ACTIONS.mode}|${BATCH_ACTIONS.platform}|${BATCH_ACTIONS.audience})$`),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      if (action.type !== 'static_select') return;
      const control = CONTROLS[action.action_id];
      const team = teamOf(body);
      if (control === undefined) return;
      const change = {
        control,
        draftId: draftIdFromBlock(action.block_id),
        choice: choiceOf(action.selected_option?.value),
      };
      await tell(
        respond,
        await flow.changeOption(change, clicker(client, team, body.user.id), draftUi(client)),
      );
    },
  );

  // Start and Cancel: the uploader or an admin; a second click changes nothing (src/batch/flow.ts).
  for (const [actionId, step] of [
    [BATCH_ACTIONS.start, flow.start.bind(flow)],
    [BATCH_ACTIONS.cancel, flow.cancel.bind(flow)],
  ] as const) {
    app.action<BlockAction>(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      if (action.type !== 'button') return;
      const team = teamOf(body);
      await tell(
        respond,
        await step(action.value ?? '', clicker(client, team, body.user.id), draftUi(client)),
      );
    });
  }

  app.action<BlockAction>(BATCH_ACTIONS.resume, async ({ ack, body, action, client, respond }) => {
    await ack();
    if (action.type !== 'button') return;
    const team = teamOf(body);
    // The button's value is `<job id>|<pause number>` (views/batch-job.ts pausedMessage).
    const [jobId = '', pause = ''] = (action.value ?? '').split('|');
    const reporter = new SlackBatchReporter(client, deps.clock, { log: deps.log });
    await tell(
      respond,
      await flow.resume(jobId, Number(pause), clicker(client, team, body.user.id), reporter),
    );
  });
}
