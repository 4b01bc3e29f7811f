import type { BlockButtonAction, BlockStaticSelectAction, ViewSubmitAction } from '@slack/bolt';
import { Dictionaries } from '../../src/discovery/dictionaries.ts';
import { ACTION } from '../../src/discovery/form.ts';
import type { Feature } from '../../src/feature.ts';
import { DISCOVER_CALLBACK, EXPORT_CALLBACK } from '../../views/discover.ts';
import { EXPORT_ACTION, NEXT_ACTION, PREVIOUS_ACTION } from '../../views/discover-results.ts';
import { openDiscoverExport, submitDiscoverExport } from './export.ts';
import { changeDiscoverPlatform, openDiscover, suggestDiscoverOptions } from './modal.ts';
import { submitDiscover, turnDiscoverPage } from './search.ts';

/**
 * /discover: a search modal with each platform's filters and dictionary type-ahead (modal.ts),
 * results pages posted where the command was typed with Next/Previous over a saved search
 * (search.ts), and CSV export into a thread (export.ts).
 */
export const discover: Feature = {
  name: 'discover',
  register(app, deps) {
    const dictionaries = new Dictionaries({
      ic: deps.ic,
      store: deps.store,
      log: deps.log,
      clock: deps.clock,
    });
    app.command('/discover', openDiscover(deps, dictionaries));
    app.action<BlockStaticSelectAction>(ACTION.platform, changeDiscoverPlatform(deps, dictionaries));
    app.options<'block_suggestion'>(
      new RegExp(`^${ACTION.dictionaryPrefix}`),
      suggestDiscoverOptions(dictionaries),
    );
    app.view<ViewSubmitAction>(DISCOVER_CALLBACK, submitDiscover(deps, dictionaries));
    app.action<BlockButtonAction>(
      new RegExp(`^(${PREVIOUS_ACTION}|${NEXT_ACTION})$`),
      turnDiscoverPage(deps),
    );
    app.action<BlockButtonAction>(EXPORT_ACTION, openDiscoverExport(deps));
    app.view<ViewSubmitAction>(EXPORT_CALLBACK, submitDiscoverExport(deps));
  },
};
