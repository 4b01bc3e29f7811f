import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { runDigests } from '../src/digest/runner.ts';
import { isTimeZone } from '../src/digest/schedule.ts';
import { readDigestSettings, withChannels, writeDigestSettings } from '../src/digest/settings.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { teamOf } from '../src/slack/context.ts';
import { postMessage } from '../src/slack/web.ts';
import { digestMessage } from '../views/digest.ts';
import { NOT_ADMIN_ERROR, notAdminModal } from '../views/home.ts';
import { DIGEST_SETTINGS, digestSettingsModal } from '../views/home-digest.ts';
import { slackZone } from './digest-zone.ts';
import { publishHome } from './home.ts';

/**
 * The weekly digest: opted in per channel from App Home (admins), posted every Monday at 9:00 in
 * the workspace's time zone. Every process runs the scheduler round (src/digest/runner.ts) once a
 * minute; the store makes each digest go out once, whichever replica gets there first, and
 * survives restarts.
 */

const isAdmin = (deps: ScoutDeps, client: WebClient, team: string, user: string) =>
  deps.admins.allows(client, team, user, deps.log);

function registerSettings(app: App, deps: ScoutDeps): void {
  app.action<BlockButtonAction>(DIGEST_SETTINGS.open, async ({ ack, body, client }) => {
    await ack();
    const team = teamOf(body);
    const settings = await readDigestSettings(deps.store, team);
    const view = (await isAdmin(deps, client, team, body.user.id))
      ? digestSettingsModal({ channels: settings.channels.map((c) => c.id), zone: settings.timeZone ?? null })
      : notAdminModal({ adminIds: deps.admins.configuredIds });
    await client.views.open({ trigger_id: body.trigger_id, view }).catch((error: unknown) => {
      deps.log.warn({ err: error, team }, 'could not open the digest settings');
    });
  });
  app.view<ViewSubmitAction>(
    DIGEST_SETTINGS.callbackId,
    async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const team = teamOf(body);
      const user = body.user.id;
      if (!(await isAdmin(deps, client, team, user))) {
        await ack({
          response_action: 'errors',
          errors: { [DIGEST_SETTINGS.channelsBlock]: NOT_ADMIN_ERROR },
        });
        return;
      }
      const values = view.state.values;
      const ids =
        values[DIGEST_SETTINGS.channelsBlock]?.[DIGEST_SETTINGS.channelsAction]?.selected_conversations ?? [];
      const zoneInput = (values[DIGEST_SETTINGS.zoneBlock]?.[DIGEST_SETTINGS.zoneAction]?.value ?? '').trim();
      if (ids.some((id) => !/^[CG][A-Z0-9]{2,}$/.test(id))) {
        await ack({
          response_action: 'errors',
          errors: { [DIGEST_SETTINGS.channelsBlock]: 'Pick channels (not direct messages).' },
        });
        return;
      }
      if (zoneInput !== '' && !isTimeZone(zoneInput)) {
        await ack({
          response_action: 'errors',
          errors: {
            [DIGEST_SETTINGS.zoneBlock]:
              'Not a time zone Scout knows. Use an IANA name such as Europe/Berlin.',
          },
        });
        return;
      }
      const current = await readDigestSettings(deps.store, team);
      await writeDigestSettings(deps.store, team, {
        channels: withChannels(current, ids, deps.clock()),
        timeZone: zoneInput === '' ? undefined : zoneInput,
      });
      await ack();
      deps.log.info({ team, user, channels: ids.length }, 'digest setting changed');
      const notice = ids.length
        ? `:white_check_mark: Saved: the weekly digest goes to ${ids.map((c) => `<#${c}>`).join(', ')} every Monday at 9:00.`
        : ':white_check_mark: Saved: the weekly digest is off.';
      await publishHome(deps, client, team, user, notice);
    },
  );
}

export interface DigestFeatureOptions {
  /** How often each process looks for due digests. Default one minute. */
  tickMs?: number;
}

/** The digest feature; tests give each Scout its own instance with a short tick. */
export function createDigestFeature(options: DigestFeatureOptions = {}): Feature {
  const timers = new Map<App, NodeJS.Timeout>();
  const tickMs = options.tickMs ?? 60_000;
  return {
    name: 'digest',
    register: registerSettings,
    start(app, deps) {
      if (timers.has(app)) return;
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          await runDigests(deps, {
            slackTimeZone: (team) => slackZone(deps, app.client, team),
            post: async (target) => {
              const message = digestMessage(target);
              await postMessage(app.client, {
                channel: target.channel,
                text: message.text,
                blocks: message.blocks,
              });
            },
          });
        } catch (error) {
          deps.log.warn({ err: error }, 'weekly digest round failed');
        } finally {
          running = false;
        }
      };
      const timer = setInterval(() => void tick(), tickMs);
      timer.unref();
      timers.set(app, timer);
      void tick();
    },
    stop() {
      for (const timer of timers.values()) clearInterval(timer);
      timers.clear();
    },
  };
}

export const digest: Feature = createDigestFeature();
