// Test helper: Debian's Chromium driven by playwright-core (never a downloaded browser), headless,
// with a fresh profile per launch. The group's API uses its own CA, so the page context accepts
// the management server's certificate (the proxy of `vigil web` is tested separately).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), '.test-data', 'screenshots');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestBrowser {
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

const BUILD_IF_STALE = fileURLToPath(new URL('../../../apps/console/build-if-stale.ts', import.meta.url));

/** Builds the console (vite build) when apps/console/dist is missing or older than its sources. */
export function ensureConsoleBuilt(): void {
  const result = spawnSync(process.execPath, [BUILD_IF_STALE], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the web console did not build (see the output above)');
}

export async function launchBrowser(): Promise<TestBrowser> {
  ensureConsoleBuilt();
  const profile = mkdtempSync(join(tmpdir(), 'vigil-chromium-'));
  // launchPersistentContext passes the profile as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    ignoreHTTPSErrors: true,
    viewport: { width: 1440, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Signs in through the login page as a user would. */
export async function signIn(page: Page, consoleUrl: string, user: string, password: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
}
