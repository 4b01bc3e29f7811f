import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { BatchFlow } from '../../src/batch/flow.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import { SlackDraftReporter } from '../../src/slack/batch-reporter.ts';
import { teamOf } from '../../src/slack/context.ts';
import { downloadSlackFile } from '../../src/slack/file-download.ts';

/**
 * Dropped files. Slack sends a dropped file twice: as `file_shared` and as a `message` (subtype
 * `file_share`), with different event ids. Both are handled; a claim on (file, channel, message) in
 * the store makes Scout act once (src/batch/flow.ts). `message` carries the thread; `file_shared`
 * only a file id, so it acts only when `files.info` already lists the share's message ts (shares
 * appear asynchronously); otherwise the `message` event does the work.
 */

const slackFileSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  title: z.string().optional(),
  filetype: z.string().optional(),
  mimetype: z.string().optional(),
  size: z.number().optional(),
  url_private: z.string().optional(),
  url_private_download: z.string().optional(),
  file_access: z.string().optional(),
  user: z.string().optional(),
  shares: z
    .looseObject({
      public: z
        .record(z.string(), z.array(z.looseObject({ ts: z.string(), thread_ts: z.string().optional() })))
        .optional(),
      private: z
        .record(z.string(), z.array(z.looseObject({ ts: z.string(), thread_ts: z.string().optional() })))
        .optional(),
    })
    .optional(),
});
type SlackFile = z.infer<typeof slackFileSchema>;

const fileShareSchema = z.looseObject({
  subtype: z.literal('file_share'),
  channel: z.string().min(1),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  files: z.array(slackFileSchema).default([]),
});

const fileSharedSchema = z.looseObject({
  file_id: z.string().min(1),
  user_id: z.string().optional(),
  channel_id: z.string().optional(),
});

const filesInfoSchema = z.looseObject({ file: slackFileSchema });

interface SlackDrop {
  team: string;
  channel: string;
  messageTs: string;
  threadTs: string;
  user: string;
  file: SlackFile;
}

function shareIn(
  file: SlackFile,
  channel: string,
): { ts: string; thread_ts?: string | undefined } | undefined {
  return file.shares?.public?.[channel]?.[0] ?? file.shares?.private?.[channel]?.[0];
}

export function registerIntakeEvents(app: App, deps: ScoutDeps, flow: BatchFlow): void {
  const fileInfo = async (client: WebClient, id: string): Promise<SlackFile | undefined> => {
    try {
      const parsed = filesInfoSchema.safeParse(await client.files.info({ file: id }));
      return parsed.success ? parsed.data.file : undefined;
    } catch (error) {
      deps.log.warn({ err: error, file: id }, 'files.info failed');
      return undefined;
    }
  };

  const intake = async (client: WebClient, drop: SlackDrop): Promise<void> => {
    let file = drop.file;
    // Slack Connect and some restricted files arrive as stubs: files.info has the details.
    if (
      file.file_access === 'check_file_info' ||
      (file.url_private_download ?? file.url_private) === undefined
    ) {
      const full = await fileInfo(client, file.id);
      if (full === undefined) return;
      file = full;
    }
    const url = file.url_private_download ?? file.url_private ?? '';
    await flow.intake(
      {
        ...drop,
        file,
        open: () =>
          downloadSlackFile(url, {
            // The token of the workspace the file was shared in (multi-workspace mode: its installation).
            token: client.token ?? deps.config.SLACK_BOT_TOKEN ?? '',
            slackApiUrl: deps.config.SLACK_API_URL,
          }),
      },
      new SlackDraftReporter(client, deps.log, deps.clock),
    );
  };

  app.event('message', async ({ event, body, context: ctx, client }) => {
    const parsed = fileShareSchema.safeParse(event);
    if (!parsed.success) return;
    const share = parsed.data;
    if (share.bot_id !== undefined || (share.user !== undefined && share.user === ctx.botUserId)) return;
    const team = teamOf(body);
    for (const file of share.files) {
      await intake(client, {
        team,
        channel: share.channel,
        messageTs: share.ts,
        threadTs: share.thread_ts ?? share.ts,
        user: share.user ?? file.user ?? '',
        file,
      });
    }
  });

  app.event('file_shared', async ({ event, body, context: ctx, client }) => {
    const parsed = fileSharedSchema.safeParse(event);
    if (!parsed.success || parsed.data.channel_id === undefined) return;
    const { file_id: fileId, user_id: user, channel_id: channel } = parsed.data;
    if (user !== undefined && user === ctx.botUserId) return;
    const team = teamOf(body);
    const file = await fileInfo(client, fileId);
    const share = file && shareIn(file, channel);
    if (!file || !share) {
      deps.log.debug({ file: fileId }, 'file_shared without a share ts yet; the message event handles it');
      return;
    }
    await intake(client, {
      team,
      channel,
      messageTs: share.ts,
      threadTs: share.thread_ts ?? share.ts,
      user: user ?? file.user ?? '',
      file,
    });
  });
}
