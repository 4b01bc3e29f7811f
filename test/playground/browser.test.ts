import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../playground/start.ts';
import { createScout } from '../../src/main.ts';
import { findChromium, NO_CHROMIUM } from '../support/browser.ts';

/**
 * The playground in a real browser: Playwright (playwright-core, no browser download) drives
 * Debian's `chromium` through `executablePath`. `.ci/run` installs chromium; without one this suite
 * shows as skipped with the reason, except under CI=true where a missing browser is a failure.
 * CHROMIUM_PATH picks another Chromium or Chrome binary.
 */

const executablePath = findChromium();
const playwright = await import('playwright-core').catch(() => null);
const missing = !playwright
  ? 'playwright-core is not installed (npm ci)'
  : !executablePath
    ? NO_CHROMIUM
    : null;
/** `.ci/run` installs chromium: there a missing browser fails the suite instead of skipping it. */
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (missing && !inCi) console.warn(`playground browser test skipped: ${missing}`);

describe.skipIf(missing !== null && !inCi)(
  `the playground in a browser${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let playground: Playground;
    let browser: import('playwright-core').Browser;
    let page: import('playwright-core').Page;

    beforeAll(async () => {
      if (missing) throw new Error(`CI=true but the browser test cannot run: ${missing}`);
      playground = await startPlayground(
        { LOG_LEVEL: 'silent' },
        { createScout, port: 0, batchPollIntervalMs: 100 },
      );
      browser = await playwright!.chromium.launch({
        executablePath: executablePath!,
        // Root in a container has no user namespaces for Chromium's sandbox.
        args: ['--no-sandbox', '--disable-dev-shm-usage'],
      });
      page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
      page.on('dialog', (dialog) => dialog.accept());
      page.setDefaultTimeout(15_000);
      await page.goto(playground.url);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await playground?.stop();
    });

    const shot = async (name: string) => {
      if (process.env.PLAYGROUND_SCREENSHOTS) {
        await page.screenshot({ path: `${process.env.PLAYGROUND_SCREENSHOTS}/${name}.png` });
      }
    };

    /** Waits until the element contains the text (Playwright's own expect is not in playwright-core). */
    async function contains(locator: import('playwright-core').Locator, text: string | RegExp) {
      await locator.filter({ hasText: text }).first().waitFor();
    }

    async function command(text: string) {
      const box = page.getByLabel('Message');
      await box.fill(text);
      await box.press('Enter');
    }

    it('says that data is simulated and no credits are spent', async () => {
      await contains(page.getByRole('note'), 'offline Influencers Club API double');
      await contains(page.getByRole('note'), 'no credits are spent');
    });

    it('shows the commands with their usage hints', async () => {
      await page.getByLabel('Message').fill('/cr');
      const list = page.locator('#suggestions');
      await list.getByText('/creator', { exact: true }).waitFor();
      expect(await list.textContent()).toMatch(/\/credits/);
      await page.getByLabel('Message').fill('/creator ');
      await page
        .locator('#usage-hint')
        .getByText(/@handle \| profile URL \| email/)
        .waitFor();
    });

    it('/creator acme_fitness shows the card; Similar lists lookalikes', async () => {
      await command('/creator acme_fitness');
      const card = page.locator('.msg', { has: page.getByRole('button', { name: 'Similar' }) }).first();
      await card.waitFor();
      await contains(card, '@acme_fitness');
      await contains(card, 'Followers');
      await contains(card, 'Only visible to you');
      await shot('creator');
      await card.getByRole('button', { name: 'Similar' }).click();
      await page.getByText('Creators like @acme_fitness').waitFor();
      await shot('similar');
    });

    it('/discover opens the form, shows inline errors, and searches with a filter', async () => {
      await command('/discover travel');
      const dialog = page.getByRole('dialog', { name: 'Discover creators' });
      await dialog.waitFor();
      // An impossible range: Scout answers with an inline error, the modal stays open.
      await dialog.getByLabel('Followers: at least').fill('50000');
      await dialog.getByLabel('Followers: at most').fill('1000');
      await dialog.getByRole('button', { name: 'Search' }).click();
      await dialog.locator('.error:not([hidden])').first().waitFor();
      await shot('discover-error');
      // The external select asks Scout for options as you type.
      await dialog.getByLabel('Location', { exact: true }).fill('Ger');
      await dialog
        .getByRole('option', { name: /Germany/ })
        .first()
        .click();
      await dialog.getByLabel('Followers: at most').fill('');
      await dialog.getByRole('button', { name: 'Search' }).click();
      await dialog.waitFor({ state: 'detached' });
      const results = page.locator('.msg', { has: page.getByRole('button', { name: 'Export CSV' }) });
      await results.first().waitFor();
      await contains(results.first(), 'credits');
      await shot('discover-results');
    });

    it('a dropped CSV goes through the batch flow; the results file downloads', async () => {
      await page.locator('#file-input').setInputFiles({
        name: 'creators.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('handle\nmaya.moves\nacme_fitness\ntrail.tom\nghost_nobody\n'),
      });
      const start = page.getByRole('button', { name: /^Start/ });
      await start.waitFor();
      await contains(page.locator('.thread').first(), '4 unique handles');
      await start.click();
      await page.locator('.file-card', { hasText: 'creators-enriched.csv' }).waitFor({ timeout: 30_000 });
      await shot('batch');
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('.file-card', { hasText: 'creators-enriched.csv' }).getByRole('link').click(),
      ]);
      const csv = readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '');
      expect(csv.split('\n')[0]).toContain('input,status,platform,username');
      expect(csv).toContain('maya.moves');
      // The progress message was edited in place, not reposted.
      await contains(page.locator('.thread').first(), '(edited)');
    });

    it('switches to the admin and opens the App Home tab', async () => {
      await page.getByLabel('User').selectOption({ label: 'Sam (admin)' });
      await page.getByRole('tab', { name: 'Home' }).click();
      await page.locator('#home').getByRole('button').first().waitFor();
      await contains(page.locator('#home'), /budget/i);
      await shot('home-admin');
    });
  },
);
