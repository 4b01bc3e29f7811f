import type { BlockButtonAction } from '@slack/bolt';
import type { Feature } from '../../src/feature.ts';
import { BRAND_SAFETY_ACTION, BRAND_SAFETY_VIEW } from '../../views/brand-safety.ts';
import { openCheck, runCheck } from './check.ts';
import { openListsEditor, saveLists } from './lists.ts';

/**
 * Vetting: the brand-safety check on creator cards (estimate first, paid reading of recent posts,
 * report in the channel) and the workspace's brand-safety lists, edited by admins in App Home.
 * The verdict line is free and part of the card itself (commands/creator/card-vetting.ts).
 */
export const vetting: Feature = {
  name: 'vetting',
  register(app, deps) {
    app.action<BlockButtonAction>(BRAND_SAFETY_ACTION.open, openCheck(deps));
    app.action<BlockButtonAction>(new RegExp(`^${BRAND_SAFETY_ACTION.run}_\\d+$`), runCheck(deps));
    app.action<BlockButtonAction>(BRAND_SAFETY_ACTION.edit, openListsEditor(deps));
    app.view(BRAND_SAFETY_VIEW, saveLists(deps));
  },
};
