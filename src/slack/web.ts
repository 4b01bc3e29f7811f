import type {
  ChatPostMessageArguments,
  ChatUnfurlArguments,
  ChatUpdateArguments,
  FilesCompleteUploadExternalArguments,
  FilesUploadV2Arguments,
  WebClient,
} from '@slack/web-api';
import { z } from 'zod';

/**
 * The few Web API calls Scout makes with Block Kit, typed with the SDK's own argument types (so a
 * view's `KnownBlock | Block` blocks go in without casts), returning only what callers read.
 */

const postedSchema = z.looseObject({ ts: z.string().min(1) });
const uploadSchema = z.looseObject({
  files: z
    .array(
      z.looseObject({
        files: z.array(z.looseObject({ id: z.string() })).optional(),
        id: z.string().optional(),
      }),
    )
    .optional(),
});

/** chat.postMessage; the posted message's ts (throws when Slack answers without one). */
export async function postMessage(client: WebClient, args: ChatPostMessageArguments): Promise<string> {
  return postedSchema.parse(await client.chat.postMessage(args)).ts;
}

/** chat.postMessage; the ts, or null when Slack's answer has none. */
export async function postMessageTs(
  client: WebClient,
  args: ChatPostMessageArguments,
): Promise<string | null> {
  const answer = postedSchema.safeParse(await client.chat.postMessage(args));
  return answer.success ? answer.data.ts : null;
}

export async function updateMessage(client: WebClient, args: ChatUpdateArguments): Promise<void> {
  await client.chat.update(args);
}

/**
 * files.uploadV2 (upload URL + complete); the uploaded file's id, read where the SDK's answer puts
 * it (one level down, per completed upload). A success without an id still counts as uploaded:
 * callers only need to know it went out.
 */
export async function uploadFile(client: WebClient, args: FilesUploadV2Arguments): Promise<string> {
  const parsed = uploadSchema.safeParse(await client.filesUploadV2(args));
  const first = parsed.success ? parsed.data.files?.[0] : undefined;
  return first?.files?.[0]?.id ?? first?.id ?? 'uploaded';
}

const uploadUrlSchema = z.looseObject({ upload_url: z.string().url(), file_id: z.string().min(1) });
const completedSchema = z.looseObject({ files: z.array(z.looseObject({ id: z.string() })).optional() });
const openedSchema = z.looseObject({ channel: z.looseObject({ id: z.string().min(1) }) });

/**
 * The first half of files-v2: get an upload URL and send the bytes there. The file exists at Slack
 * but is shown nowhere until `completeUpload`; its id is what to complete. Split from the second
 * half so a caller can record that the bytes went up and, on a retry, only complete.
 */
export async function uploadBytes(
  client: WebClient,
  file: { filename: string; bytes: Buffer },
): Promise<string> {
  const target = uploadUrlSchema.parse(
    await client.files.getUploadURLExternal({ filename: file.filename, length: file.bytes.length }),
  );
  const response = await fetch(target.upload_url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(file.bytes),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`Slack refused the file's bytes (HTTP ${response.status})`);
  return target.file_id;
}

/** The second half of files-v2: share uploaded files in a channel (or thread). The first file's id. */
export async function completeUpload(
  client: WebClient,
  args: FilesCompleteUploadExternalArguments,
): Promise<string> {
  const parsed = completedSchema.safeParse(await client.files.completeUploadExternal(args));
  return (parsed.success ? parsed.data.files?.[0]?.id : undefined) ?? args.files[0].id;
}

/** conversations.open with one user: the DM channel's id. */
export async function openDm(client: WebClient, user: string): Promise<string> {
  return openedSchema.parse(await client.conversations.open({ users: user })).channel.id;
}

/** Slack's error code of a failed Web API call (`not_in_channel`, …), or null for other failures. */
/** Slack's answers when Scout cannot post in a channel any more (removed, deleted, archived). */
export const CHANNEL_GONE: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
]);

export function slackErrorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('data' in error)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('error' in data)) return null;
  return typeof data.error === 'string' ? data.error : null;
}

/** chat.unfurl: show (or replace) the unfurls of links in a message or a composer preview. */
export async function unfurlLinks(client: WebClient, args: ChatUnfurlArguments): Promise<void> {
  await client.chat.unfurl(args);
}

const teamInfoSchema = z.looseObject({
  team: z
    .looseObject({ tz: z.string().min(1).optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

/** team.info's time zone, or null where Slack gives none at team level (often the case). */
export async function teamTimeZone(client: WebClient, team: string): Promise<string | null> {
  const answer = teamInfoSchema.safeParse(await client.team.info({ team }));
  return (answer.success && answer.data.team?.tz) || null;
}

const repliesSchema = z.looseObject({
  messages: z
    .array(z.looseObject({ text: z.string().optional().catch(undefined), ts: z.string().optional() }))
    .catch([]),
});

/** The first message of a thread (its parent), or null. */
export async function threadParent(
  client: WebClient,
  channel: string,
  threadTs: string,
): Promise<{ text: string; ts: string } | null> {
  const answer = repliesSchema.safeParse(
    await client.conversations.replies({ channel, ts: threadTs, limit: 1, inclusive: true }),
  );
  const first = answer.success ? answer.data.messages[0] : undefined;
  return first?.text !== undefined ? { text: first.text, ts: first.ts ?? threadTs } : null;
}
