import type { AllMiddlewareArgs, App, GlobalShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { Dictionaries } from '../src/discovery/dictionaries.ts';
import { formFromCommand } from '../src/discovery/form.ts';
import type { ScoutDeps } from '../src/feature.ts';
import { requesterOf } from '../src/slack/respond.ts';
import { SHORTCUT_IDS } from '../views/shortcut.ts';
import type { SearchMeta } from './discover/common.ts';
import { openSearchForm } from './discover/modal.ts';

/**
 * The global shortcut "Find creators": the same /discover search form. A global shortcut has no
 * channel and no response_url, so the results come to the person by DM from Scout (the form's
 * reply target is their user id: `tellUser` falls back to a DM).
 */
export function openDiscoverFromShortcut(app: App, deps: ScoutDeps): void {
  const dictionaries = new Dictionaries({ ic: deps.ic, store: deps.store, log: deps.log, clock: deps.clock });
  app.shortcut<GlobalShortcut>(
    { callback_id: SHORTCUT_IDS.find, type: 'shortcut' },
    async ({ ack, body, client }: SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs) => {
      // The trigger_id expires 3 s after the click: ack and open before anything slow.
      await ack();
      const who = requesterOf(body);
      const form = formFromCommand('');
      // No channel: the form's reply target is the user, so results come by DM (tellUser).
      const meta: SearchMeta = { c: who.user, t: deps.clock(), p: form.platform };
      await openSearchForm(deps, dictionaries, client, body.trigger_id, who.team, form, meta);
    },
  );
}
