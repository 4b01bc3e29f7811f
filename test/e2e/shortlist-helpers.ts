import { expect } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { buttonOf, type Json, lookUp } from './creator-helpers.ts';

/** Driving /shortlist end to end: create, add through the modal, move a status, read the posted message. */

export const EXCLUSION_LISTS = '/public/v1/discovery/exclusion-lists/';

export interface Posted {
  channel: string;
  ts: string;
  text: string;
  blocks: Json[];
}

/** `/shortlist new <name>`: the list message Scout posted in the channel. */
export async function createList(h: Harness, name: string, user = 'U0ANA', team = 'T0TEST'): Promise<Posted> {
  const before = h.slack.callsTo('chat.postMessage').length;
  const { ack } = await h.command('/shortlist', `new ${name}`, { user_id: user, team_id: team });
  expect(ack.status).toBe(200);
  const call = await h.slack.waitFor(
    () => h.slack.callsTo('chat.postMessage')[before],
    5000,
    'the list message',
  );
  return {
    channel: String(call.args.channel),
    ts: '',
    text: String(call.args.text),
    blocks: call.args.blocks as Json[],
  };
}

/** The id of the workspace's list called `name` (from the store, as Scout sees it). */
export async function listId(h: Harness, name: string, team = 'T0TEST'): Promise<string> {
  const { Shortlists } = await import('../../src/shortlists/store.ts');
  const lists = await new Shortlists(h.scout.deps.store, h.scout.deps.clock).all(team, { archived: true });
  const found = lists.find((l) => l.name === name);
  if (!found) throw new Error(`no list ${name}`);
  return found.id;
}

/** Clicks "Add to shortlist" with `value`, then submits the modal picking `list` (an id) or naming a new one. */
export async function addVia(
  h: Harness,
  value: string,
  pick: { id?: string; name?: string },
  user = 'U0ANA',
  team = 'T0TEST',
): Promise<void> {
  const trigger = `trigger-${Math.random()}`;
  await h.action({ action_id: 'shortlist_add', value, trigger_id: trigger, user_id: user, team_id: team });
  const open = await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger);
  const view = open.args.view as { callback_id: string; private_metadata: string };
  expect(view.callback_id).toBe('shortlist_add_view');
  const values: Record<string, Record<string, Json>> = {
    shortlist_pick: {
      shortlist_pick: pick.id
        ? { type: 'static_select', selected_option: { value: pick.id } }
        : { type: 'static_select' },
    },
    shortlist_name: { shortlist_name: { type: 'plain_text_input', value: pick.name ?? null } },
  };
  const ack = await h.submitView({
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    values,
    user_id: user,
    team_id: team,
  });
  expect(ack.status).toBe(200);
  expect(ack.text).not.toContain('errors');
}

/** Adds `handle` from its real /creator card. */
export async function addFromCard(h: Harness, handle: string, list: string, user = 'U0ANA'): Promise<void> {
  const { body } = await lookUp(h, handle, user);
  await addVia(h, buttonOf(body, 'shortlist_add').value ?? '', { id: list }, user);
}

/** Picks `status` in the row menu of the entry for `handle`. */
export async function moveStatus(h: Harness, list: string, handle: string, status: string, user = 'U0BEN') {
  const { Shortlists } = await import('../../src/shortlists/store.ts');
  const current = await new Shortlists(h.scout.deps.store, h.scout.deps.clock).get('T0TEST', list);
  const entry = current?.entries.find((e) => e.creator.h === handle);
  if (!entry) throw new Error(`${handle} is not on ${list}`);
  return h.action({
    action_id: 'shortlist_status',
    type: 'overflow',
    selected_option: { value: JSON.stringify({ l: list, e: entry.id, s: status }) },
    user_id: user,
  });
}

/** Waits for a chat.update of the list message whose text contains `needle`. */
export function waitForUpdate(h: Harness, needle: string, timeoutMs = 5000) {
  return h.slack.waitFor(
    () => h.slack.callsTo('chat.update').find((c) => JSON.stringify(c.args.blocks).includes(needle)),
    timeoutMs,
    `a shortlist update with ${needle}`,
  );
}
