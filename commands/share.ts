import type { BlockButtonAction } from '@slack/bolt';
import type { Feature } from '../src/feature.ts';
import { loadShared, SHARE_ACTION, sharedCopy } from '../src/slack/respond.ts';

/**
 * "Share in channel" on any ephemeral answer: posts the stored copy publicly, with who shared it.
 * Spends nothing: the answer was kept when it was shown (src/slack/respond.ts).
 */
export const share: Feature = {
  name: 'share',
  register(app, deps) {
    app.action<BlockButtonAction>(SHARE_ACTION, async ({ ack, action, body, respond }) => {
      await ack();
      const message = await loadShared(deps.store, action.value ?? '');
      if (!message) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: ':hourglass: This answer is too old to share (answers are kept for a day). Run the command again to get a fresh one.',
        });
        return;
      }
      const copy = sharedCopy(message, body.user.id);
      await respond({
        response_type: 'in_channel',
        replace_original: false,
        text: copy.text,
        blocks: copy.blocks,
      });
    });
  },
};
