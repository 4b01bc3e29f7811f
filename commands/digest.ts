import type { App } from '@slack/bolt';
import { runDigests } from '../src/digest/runner.ts';
import { isTimeZone } from '../src/digest/schedule.ts';
import { readDigestSettings, withChannels, writeDigestSettings } from '../src/digest/settings.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { postMessage } from '../src/slack/web.ts';
import { digestMessage } from '../views/digest.ts';
import { DIGEST_SETTINGS, digestSettingsModal } from '../views/home-digest.ts';
import { type AdminSetting, registerAdminSetting, type SaveResult } from './admin-settings.ts';
import { slackZone } from './digest-zone.ts';

/**
 * The weekly digest: opted in per channel from App Home (admins), posted every Monday at 9:00 in
 * the workspace's time zone. Every process runs the scheduler round (src/digest/runner.ts) once a
 * minute; the store makes each digest go out once, whichever replica gets there first, and
 * survives restarts.
 */

/** App Home → "Weekly digest": admins pick the channels and, optionally, the time zone. */
const digestSetting: AdminSetting = {
  name: 'digest',
  openAction: DIGEST_SETTINGS.open,
  callbackId: DIGEST_SETTINGS.callbackId,
  guardBlock: DIGEST_SETTINGS.channelsBlock,
  async modal(deps, team) {
    const settings = await readDigestSettings(deps.store, team);
    return digestSettingsModal({
      channels: settings.channels.map((c) => c.id),
      zone: settings.timeZone ?? null,
    });
  },
  async save(deps, team, _user, values): Promise<SaveResult> {
    const ids =
      values[DIGEST_SETTINGS.channelsBlock]?.[DIGEST_SETTINGS.channelsAction]?.selected_conversations ?? [];
    const zoneInput = (values[DIGEST_SETTINGS.zoneBlock]?.[DIGEST_SETTINGS.zoneAction]?.value ?? '').trim();
    if (ids.some((id) => !/^[CG][A-Z0-9]{2,}$/.test(id)))
      return {
        ok: false,
        errors: { [DIGEST_SETTINGS.channelsBlock]: 'Pick channels (not direct messages).' },
      };
    if (zoneInput !== '' && !isTimeZone(zoneInput)) {
      return {
        ok: false,
        errors: {
          [DIGEST_SETTINGS.zoneBlock]: 'Not a time zone Scout knows. Use an IANA name such as Europe/Berlin.',
        },
      };
    }
    const current = await readDigestSettings(deps.store, team);
    await writeDigestSettings(deps.store, team, {
      channels: withChannels(current, ids, deps.clock()),
      timeZone: zoneInput === '' ? undefined : zoneInput,
    });
    const notice = ids.length
      ? `:white_check_mark: Saved: the weekly digest goes to ${ids.map((c) => `<#${c}>`).join(', ')} every Monday at 9:00.`
      : ':white_check_mark: Saved: the weekly digest is off.';
    return { ok: true, notice, logged: { channels: ids.length } };
  },
};

function registerSettings(app: App, deps: ScoutDeps): void {
  registerAdminSetting(app, deps, digestSetting);
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
