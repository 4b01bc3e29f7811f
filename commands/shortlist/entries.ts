import { ShortlistError } from '../../src/shortlists/store.ts';
import { compactSnapshot, snapshotSchema } from '../../src/shortlists/types.ts';
import { readJsonField } from '../../src/slack/json-field.ts';
import { requesterOf, tellUser } from '../../src/slack/respond.ts';
import { openModal } from '../../src/slack/views.ts';
import { section } from '../../views/blocks.ts';
import { escapeMrkdwn, fallbackText } from '../../views/format.ts';
import { addedText, addToShortlistModal, FIELD } from '../../views/shortlist-modals.ts';
import { type ButtonArgs, type ModalMeta, metaSchema, type ShortlistKit, type ViewArgs } from './common.ts';
import { postList } from './lists.ts';

/** "Add to shortlist" (cards, similar and discovery rows) and the three modal submissions. */

export function addButton(kit: ShortlistKit) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const who = requesterOf(body);
    const snapshot = readJsonField(snapshotSchema, action.value);
    if (!snapshot) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: ':hourglass: This button is out of date.',
      });
      return;
    }
    const meta: ModalMeta = {
      c: body.channel?.id ?? who.user,
      ...(body.response_url ? { u: body.response_url } : {}),
      t: kit.deps.clock(),
      s: compactSnapshot(snapshot),
    };
    const lists = await kit.lists.all(who.team);
    await openModal(
      client,
      body.trigger_id,
      addToShortlistModal(snapshot.h, lists, JSON.stringify(meta)),
    ).catch((error: unknown) =>
      kit.deps.log.warn({ err: error }, 'could not open the add-to-shortlist modal'),
    );
  };
}

type Values = ViewArgs['view']['state']['values'];

function nameOf(values: Values): string {
  return values[FIELD.name]?.[FIELD.name]?.value?.trim() ?? '';
}

function pickOf(values: Values): string {
  return values[FIELD.pick]?.[FIELD.pick]?.selected_option?.value ?? '';
}

function replyTo(kit: ShortlistKit, meta: ModalMeta, user: string) {
  return { channel: meta.c, user, responseUrl: meta.u, issuedAt: meta.t, now: kit.deps.clock() };
}

/** Tells the user privately: `mrkdwn` (already escaped) in a block, `plain` (raw) as the fallback. */
async function answer(
  kit: ShortlistKit,
  args: ViewArgs,
  meta: ModalMeta,
  user: string,
  mrkdwn: string,
  plain: string,
) {
  const message = { text: fallbackText(plain), blocks: [section(mrkdwn)] };
  await tellUser(args.client, kit.deps.log, replyTo(kit, meta, user), message);
}

/** A modal's submission: checked inline (errors shown in the form), then done and told privately. */
export function submitView(kit: ShortlistKit, kind: 'create' | 'rename' | 'add') {
  return async (args: ViewArgs): Promise<void> => {
    const { ack, body, view } = args;
    const who = requesterOf(body);
    const meta = readJsonField(metaSchema, view.private_metadata);
    if (!meta) {
      await ack({
        response_action: 'errors',
        errors: { [FIELD.name]: 'This form is out of date: close it and try again.' },
      });
      return;
    }
    const name = nameOf(view.state.values);
    const pick = pickOf(view.state.values);
    if (kind === 'add' && !pick && !name) {
      await ack({
        response_action: 'errors',
        errors: { [FIELD.name]: 'Pick a shortlist or name a new one.' },
      });
      return;
    }
    try {
      if (kind === 'rename') {
        await kit.lists.rename(who.team, meta.l ?? '', name);
        await ack();
        kit.refresher.schedule(args.client, who.team, meta.l ?? '');
        const renamed = `Shortlist renamed to ${name}.`;
        await answer(
          kit,
          args,
          meta,
          who.user,
          `:pencil2: Shortlist renamed to *${escapeMrkdwn(name)}*.`,
          renamed,
        );
        return;
      }
      const list = pick
        ? await kit.lists.get(who.team, pick)
        : await kit.lists.create(who.team, name, who.user);
      if (!list) throw new ShortlistError('That shortlist no longer exists.');
      if (kind === 'create') {
        await ack();
        const failed = await postList(kit, args.client, list, meta.c);
        if (failed) await tellUser(args.client, kit.deps.log, replyTo(kit, meta, who.user), failed);
        return;
      }
      if (!meta.s) throw new ShortlistError('This form is out of date: close it and try again.');
      // quick store writes, done before the ack so a refusal can still show in the form
      const { added } = await kit.lists.add(who.team, list.id, meta.s, who.user);
      await ack();
      kit.refresher.schedule(args.client, who.team, list.id);
      const plain = added
        ? `Added @${meta.s.h} to ${list.name}.`
        : `@${meta.s.h} is already on ${list.name}.`;
      await answer(kit, args, meta, who.user, addedText(meta.s.h, list.name, added), plain);
    } catch (error) {
      if (!(error instanceof ShortlistError)) throw error;
      await ack({ response_action: 'errors', errors: { [FIELD.name]: error.message } });
    }
  };
}
