import { existsSync } from 'node:fs';

/**
 * Where the browser test finds Chromium: CHROMIUM_PATH, else Debian's and Google's usual paths.
 * Playwright's own browser download cannot reach its host from these machines, so the test drives
 * an installed one (`apt-get install chromium`) through `executablePath`.
 */
export const CHROMIUM_CANDIDATES = process.env.CHROMIUM_PATH
  ? [process.env.CHROMIUM_PATH]
  : [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
    ];

export function findChromium(): string | undefined {
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

export const NO_CHROMIUM = `no chromium at ${CHROMIUM_CANDIDATES.join(', ')} (apt-get install chromium, or set CHROMIUM_PATH)`;
