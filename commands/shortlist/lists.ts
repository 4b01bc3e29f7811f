import type { WebClient } from '@slack/web-api';
import { ShortlistError } from '../../src/shortlists/store.ts';
import type { Shortlist } from '../../src/shortlists/types.ts';
import { requesterOf } from '../../src/slack/respond.ts';
import { openModal } from '../../src/slack/views.ts';
import { postMessageTs, slackErrorCode } from '../../src/slack/web.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import { escapeMrkdwn, fallbackText } from '../../views/format.ts';
import { shortlistHelp, shortlistIndex, shortlistMessage } from '../../views/shortlist.ts';
import { createShortlistModal, renameShortlistModal } from '../../views/shortlist-modals.ts';
import type { ButtonArgs, CommandArgs, ModalMeta, ShortlistKit } from './common.ts';

/** /shortlist itself and the list-level buttons: open (post in the channel), new, rename, archive, restore. */

function ephemeral(message: SlackMessage) {
  return { response_type: 'ephemeral' as const, text: message.text, blocks: message.blocks };
}

function note(text: string): SlackMessage {
  return { text: fallbackText(text), blocks: [] };
}

/** Posts the list in the channel (public, kept current) and remembers the message. */
export async function postList(
  kit: ShortlistKit,
  client: WebClient,
  list: Shortlist,
  channel: string,
): Promise<SlackMessage | null> {
  const message = shortlistMessage(list, kit.deps.clock());
  try {
    const ts = await postMessageTs(client, { channel, text: message.text, blocks: message.blocks });
    if (ts) await kit.lists.addMessage(list.team, list.id, { channel, ts });
    return null;
  } catch (error) {
    kit.deps.log.info({ err: error, code: slackErrorCode(error) }, 'could not post a shortlist');
    // not in the channel: show it to the user alone (it will not be kept current)
    const tip =
      ':information_source: Invite Scout to this channel (`/invite @Scout`) to post the shortlist here and keep it current.';
    return {
      text: message.text,
      blocks: [
        ...message.blocks.slice(0, 49),
        { type: 'context', elements: [{ type: 'mrkdwn', text: tip }] },
      ],
    };
  }
}

export function shortlistCommand(kit: ShortlistKit) {
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const text = command.text.trim();
    if (/^(help|-h|--help|\?)$/i.test(text)) {
      await ack(ephemeral(shortlistHelp()));
      return;
    }
    const who = requesterOf(command);
    const create = /^new\s+(.+)$/i.exec(text);
    try {
      if (create) {
        const list = await kit.lists.create(who.team, create[1] ?? '', who.user);
        await ack();
        const failed = await postList(kit, client, list, command.channel_id);
        if (failed) await respond(ephemeral(failed));
        return;
      }
      const lists = await kit.lists.all(who.team, { archived: true });
      if (text === '') {
        await ack(ephemeral(shortlistIndex(lists, kit.deps.clock())));
        return;
      }
      const list = lists.find((l) => l.name.toLowerCase() === text.toLowerCase());
      if (!list) {
        await ack(
          ephemeral(
            note(
              `:mag: No shortlist named “${escapeMrkdwn(text)}”. Type \`/shortlist\` to see yours, or \`/shortlist new ${escapeMrkdwn(text)}\` to create it.`,
            ),
          ),
        );
        return;
      }
      await ack();
      const failed = await postList(kit, client, list, command.channel_id);
      if (failed) await respond(ephemeral(failed));
    } catch (error) {
      if (!(error instanceof ShortlistError)) throw error;
      await ack(ephemeral(note(`:warning: ${error.message}`)));
    }
  };
}

/** The buttons of the index. Each answers through the click's response_url. */
export function listButton(kit: ShortlistKit, kind: 'open' | 'archive' | 'restore') {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const who = requesterOf(body);
    const list = await kit.lists.get(who.team, action.value ?? '');
    if (!list) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: ':hourglass: That shortlist no longer exists.',
      });
      return;
    }
    if (kind === 'open') {
      const failed = await postList(kit, client, list, body.channel?.id ?? who.user);
      if (failed) await respond({ ...ephemeral(failed), replace_original: false });
      return;
    }
    await kit.lists.setArchived(who.team, list.id, kind === 'archive');
    kit.refresher.schedule(client, who.team, list.id);
    const lists = await kit.lists.all(who.team, { archived: true });
    await respond({ ...ephemeral(shortlistIndex(lists, kit.deps.clock())), replace_original: true });
  };
}

/** New and Rename open a modal (the trigger expires in 3 s: nothing slow before it). */
export function modalButton(kit: ShortlistKit, kind: 'create' | 'rename') {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const who = requesterOf(body);
    const meta: ModalMeta = {
      c: body.channel?.id ?? who.user,
      ...(body.response_url ? { u: body.response_url } : {}),
      t: kit.deps.clock(),
      ...(kind === 'rename' ? { l: action.value ?? '' } : {}),
    };
    const list = kind === 'rename' ? await kit.lists.get(who.team, action.value ?? '') : null;
    if (kind === 'rename' && !list) return;
    const view = list
      ? renameShortlistModal(list, JSON.stringify(meta))
      : createShortlistModal(JSON.stringify(meta));
    await openModal(client, body.trigger_id, view).catch((error: unknown) =>
      kit.deps.log.warn({ err: error }, 'could not open a shortlist modal'),
    );
  };
}
