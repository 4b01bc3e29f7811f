import type { App } from '@slack/bolt';
import type { ScoutDeps } from '../src/feature.ts';
import {
  isUnfurlMode,
  parseDailyCap,
  readUnfurlSettings,
  writeUnfurlSettings,
} from '../src/unfurl/settings.ts';
import { formatInteger } from '../views/format.ts';
import { UNFURL_SETTINGS, unfurlSettingsModal } from '../views/home-unfurl.ts';
import { type AdminSetting, registerAdminSetting, type SaveResult } from './admin-settings.ts';

/** App Home → "Link unfurls": admins pick the spend mode and the daily cap (modal validated inline). */
const unfurlSetting: AdminSetting = {
  name: 'unfurl',
  openAction: UNFURL_SETTINGS.open,
  callbackId: UNFURL_SETTINGS.callbackId,
  guardBlock: UNFURL_SETTINGS.modeBlock,
  async modal(deps, team) {
    const settings = await readUnfurlSettings(deps.store, team);
    return unfurlSettingsModal({ ...settings, rawPrice: deps.guard.prices.enrich_raw });
  },
  async save(deps, team, user, values): Promise<SaveResult> {
    const mode = values[UNFURL_SETTINGS.modeBlock]?.[UNFURL_SETTINGS.modeAction]?.selected_option?.value;
    const cap = parseDailyCap(values[UNFURL_SETTINGS.capBlock]?.[UNFURL_SETTINGS.capAction]?.value);
    if (!isUnfurlMode(mode)) return { ok: false, errors: { [UNFURL_SETTINGS.modeBlock]: 'Pick one.' } };
    if (!cap.ok) return { ok: false, errors: { [UNFURL_SETTINGS.capBlock]: cap.error } };
    await writeUnfurlSettings(deps.store, team, {
      mode,
      dailyCap: cap.value,
      setBy: user,
      setAt: deps.clock(),
    });
    const saved =
      mode === 'auto'
        ? `auto, up to ${formatInteger(cap.value)} raw lookups a day`
        : mode === 'cache'
          ? 'from cache only'
          : 'off';
    return {
      ok: true,
      notice: `:white_check_mark: Saved: link unfurls are now *${saved}*.`,
      logged: { mode, dailyCap: cap.value },
    };
  },
};

export function registerUnfurlSettings(app: App, deps: ScoutDeps): void {
  registerAdminSetting(app, deps, unfurlSetting);
}
