import type { ScoutDeps } from '../../src/feature.ts';
import { teamOf } from '../../src/slack/context.ts';
import { openModal } from '../../src/slack/views.ts';
import {
  DEFAULT_TOPICS,
  parseTerms,
  readSafetyLists,
  writeSafetyLists,
} from '../../src/vetting/safety-lists.ts';
import { brandSafetyModal, LISTS_FIELD, savedListsNotice } from '../../views/brand-safety.ts';
import { notAdminModal } from '../../views/home.ts';
import { publishHome } from '../home.ts';
import type { ButtonArgs, ViewArgs } from '../shortlist/common.ts';

/** App Home's "Edit brand-safety lists": admins only, checked again on save. */

const NOT_ADMIN =
  'Only workspace admins and owners (and the Scout admins) can change the brand-safety lists. Nothing was changed.';

export function openListsEditor(deps: ScoutDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const team = teamOf(body);
    const admin = await deps.admins.isAdmin(client, team, body.user.id).catch(() => false);
    const view = admin
      ? brandSafetyModal({ ...(await readSafetyLists(deps.store, team)), allTopics: DEFAULT_TOPICS })
      : notAdminModal({ adminIds: deps.admins.configuredIds });
    await openModal(client, body.trigger_id, view).catch((error: unknown) =>
      deps.log.warn({ err: error, team }, 'could not open the brand-safety lists'),
    );
  };
}

export function saveLists(deps: ScoutDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const team = teamOf(body);
    const user = body.user.id;
    if (!(await deps.admins.isAdmin(client, team, user).catch(() => false))) {
      deps.log.warn({ team, user }, 'a non-admin submitted the brand-safety lists; refused');
      await ack({ response_action: 'errors', errors: { [LISTS_FIELD.competitors]: NOT_ADMIN } });
      return;
    }
    const values = view.state.values;
    const topics = (values[LISTS_FIELD.topics]?.[LISTS_FIELD.topics]?.selected_options ?? [])
      .map((o) => o.value ?? '')
      .filter((t) => DEFAULT_TOPICS.includes(t));
    const competitors = parseTerms(values[LISTS_FIELD.competitors]?.[LISTS_FIELD.competitors]?.value);
    const custom = parseTerms(values[LISTS_FIELD.custom]?.[LISTS_FIELD.custom]?.value);
    await writeSafetyLists(deps.store, team, {
      topics,
      competitors,
      custom,
      updatedBy: user,
      updatedAt: deps.clock(),
    });
    await ack();
    deps.log.info(
      { team, user, topics: topics.length, competitors: competitors.length, custom: custom.length },
      'brand-safety lists saved',
    );
    await publishHome(deps, client, team, user, savedListsNotice(user, deps.clock()));
  };
}
