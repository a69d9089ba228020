// `vigil web`: the console on plain HTTP loopback, its API calls forwarded to the management
// server over HTTPS with the group CA — a browser signs in with no certificate exception.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH, ensureConsoleBuilt, screenshot, signIn } from './support/browser.ts';
import { startGroup, type TestGroup } from './support/group.ts';
import { startVigil, type VigilProcess } from '../support/cli-process.ts';

let group: TestGroup;
let web: VigilProcess;
let context: BrowserContext;
let profile: string;

before(async () => {
  ensureConsoleBuilt();
  group = await startGroup();
  web = startVigil(['web', '--data', group.dataDir, '--server', group.apiUrl, '--port', '0']);
  profile = mkdtempSync(join(tmpdir(), 'vigil-chromium-'));
  // No ignoreHTTPSErrors: the browser only ever speaks plain HTTP to loopback here.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, headless: true, viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await web?.stop();
  await group?.stop();
});

test('vigil web serves the console and forwards sign-in, API calls and the live feed', async () => {
  const [, url] = await web.waitFor(/Vigil web console on (http:\/\/127\.0\.0\.1:\d+\/)/);
  const page = await context.newPage();
  await signIn(page, url!, 'admin', group.adminPassword);
  await page.goto(`${url}#/admin/servers`);
  await page.getByTestId('servers-page').getByText('running').first().waitFor();
  await page.locator('.live-dot[data-state="open"]').first().waitFor();
  const headers = (await page.request.get(url!)).headers();
  assert.match(headers['content-security-policy'] ?? '', /default-src 'self'/);
  await screenshot(page, '11-vigil-web-servers');
});
