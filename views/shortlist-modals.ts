import type { InputBlock, ModalView } from '@slack/types';
import type { Shortlist } from '../src/shortlists/types.ts';
import { modal, section } from './blocks.ts';
import { escapeMrkdwn, plainText, truncate } from './format.ts';

/** The /shortlist modals: create, rename, and pick a list for "Add to shortlist". Pure. */

export const SHORTLIST_VIEW = {
  create: 'shortlist_create_view',
  rename: 'shortlist_rename_view',
  add: 'shortlist_add_view',
} as const;

export const FIELD = {
  name: 'shortlist_name',
  pick: 'shortlist_pick',
} as const;

function nameInput(label: string, initial: string | undefined, optional: boolean): InputBlock {
  return {
    type: 'input',
    block_id: FIELD.name,
    label: { type: 'plain_text', text: label },
    optional,
    element: {
      type: 'plain_text_input',
      action_id: FIELD.name,
      max_length: 80,
      ...(initial ? { initial_value: truncate(initial, 80) } : {}),
    },
  };
}

export function createShortlistModal(privateMetadata: string): ModalView {
  return modal({
    callbackId: SHORTLIST_VIEW.create,
    title: 'New shortlist',
    submit: 'Create',
    close: 'Cancel',
    privateMetadata,
    blocks: [nameInput('Name', undefined, false)],
  });
}

export function renameShortlistModal(list: Shortlist, privateMetadata: string): ModalView {
  return modal({
    callbackId: SHORTLIST_VIEW.rename,
    title: 'Rename shortlist',
    submit: 'Rename',
    close: 'Cancel',
    privateMetadata,
    blocks: [nameInput('New name', list.name, false)],
  });
}

/** Pick one of the workspace's lists, or name a new one. */
export function addToShortlistModal(
  creator: string,
  lists: readonly Shortlist[],
  privateMetadata: string,
): ModalView {
  const blocks: ModalView['blocks'] = [
    section(`Add *@${escapeMrkdwn(truncate(creator, 100))}* to a shortlist.`),
  ];
  const shown = lists.slice(0, 100);
  if (shown.length > 0) {
    blocks.push({
      type: 'input',
      block_id: FIELD.pick,
      label: { type: 'plain_text', text: 'Shortlist' },
      optional: true,
      element: {
        type: 'static_select',
        action_id: FIELD.pick,
        placeholder: { type: 'plain_text', text: 'Pick a shortlist' },
        options: shown.map((l) => ({
          text: { type: 'plain_text', text: plainText(l.name, 75) || ' ' },
          value: l.id,
        })),
      },
    });
  }
  blocks.push(
    nameInput(
      shown.length > 0 ? 'Or a new shortlist named' : 'New shortlist named',
      undefined,
      shown.length > 0,
    ),
  );
  return modal({
    callbackId: SHORTLIST_VIEW.add,
    title: 'Add to shortlist',
    submit: 'Add',
    close: 'Cancel',
    privateMetadata,
    blocks,
  });
}

export function addedText(handle: string, list: string, added: boolean): string {
  const who = `@${escapeMrkdwn(truncate(handle, 100))}`;
  const where = `*${escapeMrkdwn(truncate(list, 80))}*`;
  return added
    ? `:clipboard: Added ${who} to ${where} (status: new).`
    : `:clipboard: ${who} is already on ${where}: nothing changed.`;
}
