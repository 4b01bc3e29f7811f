import type { App, BlockButtonAction, BlockOverflowAction } from '@slack/bolt';
import type { Feature, ScoutDeps } from '../../src/feature.ts';
import { ExclusionSync } from '../../src/shortlists/exclusion-sync.ts';
import { SHORTLIST_ACTION } from '../../views/shortlist.ts';
import { SHORTLIST_ADD_ACTION } from '../../views/shortlist-button.ts';
import { SHORTLIST_VIEW } from '../../views/shortlist-modals.ts';
import { kitLists, type ShortlistKit } from './common.ts';
import { addButton, submitView } from './entries.ts';
import { listButton, modalButton, shortlistCommand } from './lists.ts';
import { MessageRefresher } from './refresh.ts';
import { exportButton, statusMenu } from './status.ts';

/**
 * /shortlist: the workspace's shortlists and each creator's outreach status (new → contacted →
 * negotiating → signed / rejected, with who and when), kept in the store per workspace. A creator
 * who is contacted or further goes on the workspace's exclusion list (local copy at once,
 * Influencers Club in the background with retries: src/shortlists/exclusion-sync.ts), so /discover
 * and /similar never spend on them again. Nothing here spends credits.
 */

function kitFor(deps: ScoutDeps): ShortlistKit {
  const lists = kitLists(deps);
  return {
    deps,
    lists,
    refresher: new MessageRefresher({ lists, log: deps.log, clock: deps.clock }),
    sync: new ExclusionSync({
      store: deps.store,
      api: deps.ic,
      log: deps.log.child({ component: 'exclusion-sync' }),
    }),
  };
}

export function createShortlistFeature(): Feature & { kitOf(app: App): ShortlistKit | undefined } {
  const kits = new Map<App, ShortlistKit>();
  return {
    name: 'shortlist',
    kitOf: (app) => kits.get(app),
    register(app, deps) {
      const kit = kitFor(deps);
      kits.set(app, kit);
      app.command('/shortlist', shortlistCommand(kit));
      app.action<BlockButtonAction>(SHORTLIST_ACTION.open, listButton(kit, 'open'));
      app.action<BlockButtonAction>(SHORTLIST_ACTION.archive, listButton(kit, 'archive'));
      app.action<BlockButtonAction>(SHORTLIST_ACTION.restore, listButton(kit, 'restore'));
      app.action<BlockButtonAction>(SHORTLIST_ACTION.create, modalButton(kit, 'create'));
      app.action<BlockButtonAction>(SHORTLIST_ACTION.rename, modalButton(kit, 'rename'));
      app.action<BlockButtonAction>(SHORTLIST_ACTION.export, exportButton(kit));
      app.action<BlockOverflowAction>(SHORTLIST_ACTION.status, statusMenu(kit));
      app.action<BlockButtonAction>(SHORTLIST_ADD_ACTION, addButton(kit));
      app.view(SHORTLIST_VIEW.create, submitView(kit, 'create'));
      app.view(SHORTLIST_VIEW.rename, submitView(kit, 'rename'));
      app.view(SHORTLIST_VIEW.add, submitView(kit, 'add'));
    },
    start(app) {
      // picks up syncs left pending before a restart, then retries failures with back-off
      kits.get(app)?.sync.start();
    },
    async stop() {
      const all = [...kits.values()];
      await Promise.all(
        all.map(async (kit) => {
          await kit.sync.stop();
          await kit.refresher.flush();
        }),
      );
    },
  };
}

export const shortlist = createShortlistFeature();
