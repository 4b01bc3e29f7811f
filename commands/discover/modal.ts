import type { BlockStaticSelectAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { budgetLine } from '../../src/discovery/budget-line.ts';
import { filterById } from '../../src/discovery/catalog.ts';
import type { Dictionaries } from '../../src/discovery/dictionaries.ts';
import { ACTION, formFromCommand, readForm, switchPlatform } from '../../src/discovery/form.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import { DISCOVERY_PLATFORMS, type DiscoveryPlatform, supports } from '../../src/ic/platforms.ts';
import { readJsonField } from '../../src/slack/json-field.ts';
import { requesterOf } from '../../src/slack/respond.ts';
import { openModal, updateModal } from '../../src/slack/views.ts';
import { slackErrorCode } from '../../src/slack/web.ts';
import { discoverModal } from '../../views/discover.ts';
import {
  type ActionArgs,
  type CommandArgs,
  type OptionsArgs,
  type SearchMeta,
  searchMetaSchema,
} from './common.ts';

/**
 * The /discover search modal: opened by the command (prefilled from what was typed), redrawn for
 * another platform, and its dictionary type-ahead.
 */

const HELP = [
  '*/discover* opens a search form: describe the creators you want and/or pick filters (followers, engagement, location, language, brands, audience…), then *Search*.',
  'Examples: `/discover vegan recipe creators in Berlin` · `/discover tiktok home workout coaches` · `/discover youtube`',
  'Each creator returned costs 0.01 credits (10 per page); a page already fetched is shown again from Scout’s cache for free.',
].join('\n');

const NOT_OPENED = ':warning: Slack did not open the search form in time. Please run `/discover` again.';

export function openDiscover(deps: ScoutDeps, dictionaries: Dictionaries) {
  return async ({ ack, command, client, respond }: CommandArgs): Promise<void> => {
    if (/^(help|-h|--help|\?)$/i.test(command.text.trim())) {
      await ack({ response_type: 'ephemeral', text: HELP });
      return;
    }
    const who = requesterOf(command);
    // The trigger_id expires 3 s after the command: ack and open the modal before anything slow.
    await ack();
    const form = formFromCommand(command.text);
    const meta: SearchMeta = {
      c: command.channel_id,
      u: command.response_url,
      t: deps.clock(),
      p: form.platform,
    };
    if (!(await openSearchForm(deps, dictionaries, client, command.trigger_id, who.team, form, meta))) {
      await respond({ response_type: 'ephemeral', text: NOT_OPENED }).catch(() => undefined);
    }
  };
}

/**
 * Opens the search form (from /discover or the "Find creators" shortcut), then warms the
 * dictionaries its type-ahead reads. False when Slack did not open it (logged).
 */
export async function openSearchForm(
  deps: ScoutDeps,
  dictionaries: Dictionaries,
  client: WebClient,
  triggerId: string,
  team: string,
  form: ReturnType<typeof formFromCommand>,
  meta: SearchMeta,
): Promise<boolean> {
  const view = discoverModal({
    form,
    privateMetadata: JSON.stringify(meta),
    budget: await budgetLine(deps.guard, team),
    pricePerCreator: deps.ic.prices.discovery_per_creator,
  });
  try {
    await openModal(client, triggerId, view);
  } catch (error) {
    deps.log.warn({ err: error, code: slackErrorCode(error) }, 'discover: could not open the search form');
    return false;
  }
  dictionaries.warm(form.platform);
  return true;
}

/** The platform select: the same modal redrawn with that platform's filters, keeping what still applies. */
export function changeDiscoverPlatform(deps: ScoutDeps, dictionaries: Dictionaries) {
  return async ({ ack, body, action, client }: ActionArgs<BlockStaticSelectAction>): Promise<void> => {
    await ack();
    const view = body.view;
    const meta = readJsonField(searchMetaSchema, view?.private_metadata);
    const who = requesterOf(body);
    if (!view || !meta) return;
    const chosen = action.selected_option?.value ?? '';
    const platform: DiscoveryPlatform = supports(DISCOVERY_PLATFORMS, chosen) ? chosen : meta.p;
    const form = switchPlatform(readForm(view.state.values, { platform: meta.p }), platform);
    const updated = discoverModal({
      form,
      privateMetadata: JSON.stringify({ ...meta, p: platform } satisfies SearchMeta),
      budget: await budgetLine(deps.guard, who.team),
      pricePerCreator: deps.ic.prices.discovery_per_creator,
    });
    try {
      await updateModal(client, { id: view.id, hash: view.hash }, updated);
    } catch (error) {
      // hash_conflict: the user changed the platform again meanwhile; that update wins.
      deps.log.info({ err: error, code: slackErrorCode(error) }, 'discover: platform switch not applied');
    }
    dictionaries.warm(platform);
  };
}

/** Type-ahead for dictionary filters (locations, brands, interests…): at most 100 options. */
export function suggestDiscoverOptions(dictionaries: Dictionaries) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const filter = filterById(body.action_id.slice(ACTION.dictionaryPrefix.length));
    if (filter?.input !== 'dictionary') {
      await ack({ options: [] });
      return;
    }
    const meta = readJsonField(searchMetaSchema, body.view?.private_metadata);
    const state = readForm(body.view?.state?.values, { platform: meta?.p ?? 'instagram' });
    const options = await dictionaries.suggest(filter.dictionary, state.platform, body.value ?? '');
    await ack({ options });
  };
}
