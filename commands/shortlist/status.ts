import { csvWriter } from '../../src/csv/export.ts';
import { recordContact } from '../../src/shortlists/exclusions.ts';
import { ShortlistError } from '../../src/shortlists/store.ts';
import { CONTACTED_STATUSES, type Shortlist } from '../../src/shortlists/types.ts';
import { readJsonField } from '../../src/slack/json-field.ts';
import { requesterOf } from '../../src/slack/respond.ts';
import { uploadFile } from '../../src/slack/web.ts';
import { escapeMrkdwn } from '../../views/format.ts';
import { type ButtonArgs, type OverflowArgs, type ShortlistKit, statusValueSchema } from './common.ts';

/** Status moves (the menu on each row) and the CSV export into the list message's thread. */

export function statusMenu(kit: ShortlistKit) {
  return async ({ ack, body, action, client, respond }: OverflowArgs): Promise<void> => {
    await ack();
    const who = requesterOf(body);
    const value = readJsonField(statusValueSchema, action.selected_option?.value);
    if (!value) return;
    try {
      const { entry } = await kit.lists.setStatus(who.team, value.l, value.e, value.s, who.user);
      kit.refresher.schedule(client, who.team, value.l);
      if (CONTACTED_STATUSES.has(entry.status)) {
        // Never contact twice: the local copy at once; Influencers Club in the background (never blocks).
        const at = entry.history.at(-1)?.at ?? kit.deps.clock();
        const mark = { status: entry.status, by: who.user, at };
        await recordContact(
          kit.deps.store,
          who.team,
          entry.creator.p,
          entry.creator.h,
          mark,
          body.team?.domain,
        );
        void kit.sync.tick();
      }
    } catch (error) {
      if (!(error instanceof ShortlistError)) throw error;
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `:warning: ${escapeMrkdwn(error.message)}`,
      });
    }
  };
}

const COLUMNS = [
  { key: 'platform', header: 'platform' },
  { key: 'handle', header: 'handle' },
  { key: 'name', header: 'name' },
  { key: 'followers', header: 'followers' },
  { key: 'engagement', header: 'engagement_percent' },
  { key: 'flags', header: 'verdict_flags' },
  { key: 'status', header: 'status' },
  { key: 'addedBy', header: 'added_by' },
  { key: 'addedAt', header: 'added_at' },
  { key: 'history', header: 'history' },
];

/** The list as CSV text (formula-safe, src/csv/export.ts). */
export async function shortlistCsv(list: Shortlist): Promise<string> {
  const writer = csvWriter(COLUMNS);
  const chunks: string[] = [];
  writer.on('data', (chunk: Buffer | string) => chunks.push(String(chunk)));
  const done = new Promise<void>((resolve, reject) => {
    writer.on('end', resolve);
    writer.on('error', reject);
  });
  for (const e of list.entries) {
    writer.write({
      platform: e.creator.p,
      handle: e.creator.h,
      name: e.creator.n ?? '',
      followers: e.creator.f ?? '',
      engagement: e.creator.e ?? '',
      flags: (e.creator.v ?? []).join('; '),
      status: e.status,
      addedBy: e.addedBy,
      addedAt: new Date(e.addedAt),
      history: e.history.map((h) => `${h.status} by ${h.by} at ${new Date(h.at).toISOString()}`).join('; '),
    });
  }
  writer.end();
  await done;
  return chunks.join('');
}

export function exportButton(kit: ShortlistKit) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const who = requesterOf(body);
    const list = await kit.lists.get(who.team, action.value ?? '');
    const channel: string | undefined = body.channel?.id ?? body.container?.channel_id;
    if (!list || !channel) return;
    const thread: string | undefined = body.container?.message_ts ?? body.message?.ts;
    const safeName = list.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'shortlist';
    try {
      const file = {
        channel_id: channel,
        filename: `shortlist-${safeName}.csv`,
        file: Buffer.from(await shortlistCsv(list), 'utf8'),
        initial_comment: `Shortlist export requested by <@${who.user}>`,
      };
      await uploadFile(client, thread ? { ...file, thread_ts: thread } : file);
    } catch (error) {
      kit.deps.log.warn({ err: error }, 'could not upload a shortlist export');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: ':warning: Slack did not take the CSV upload. Is Scout in this channel?',
      });
    }
  };
}
