import type { AllMiddlewareArgs, App, GlobalShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { budgetLine } from '../src/discovery/budget-line.ts';
import { Dictionaries } from '../src/discovery/dictionaries.ts';
import { formFromCommand } from '../src/discovery/form.ts';
import type { ScoutDeps } from '../src/feature.ts';
import { requesterOrNull, slackErrorCode } from '../src/slack/respond.ts';
import { openModal } from '../src/slack/views.ts';
import { discoverModal } from '../views/discover.ts';
import { SHORTCUT_IDS } from '../views/shortcut.ts';
import type { SearchMeta } from './discover/common.ts';

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
      const who = requesterOrNull(body, deps.log);
      if (!who) return;
      const form = formFromCommand('');
      const meta: SearchMeta = { c: who.user, t: deps.clock(), p: form.platform };
      const view = discoverModal({
        form,
        privateMetadata: JSON.stringify(meta),
        budget: await budgetLine(deps.guard, who.team),
        pricePerCreator: deps.ic.prices.discovery_per_creator,
      });
      try {
        await openModal(client, body.trigger_id, view);
      } catch (error) {
        deps.log.warn({ err: error, code: slackErrorCode(error) }, 'Find creators: could not open the modal');
        return;
      }
      dictionaries.warm(form.platform);
    },
  );
}
