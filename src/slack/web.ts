import type {
  ChatPostMessageArguments,
  ChatUpdateArguments,
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
