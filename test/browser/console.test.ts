// The web console in Chromium against a real management group (`vigil up`) and a real agent on
// the real link: sign in, watch an alert arrive live, acknowledge it, put the computer into
// maintenance (and end it), open a performance chart, set an override and read its effective
// value, run a task, look at packs / groups / gateways, and see a read-only operator refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, type TestBrowser } from './support/browser.ts';
import { startGroup, startTestAgent, type TestAgent, type TestGroup } from './support/group.ts';

const CPU_MONITOR = 'Vigil.Linux.Computer.CpuUtilization';
let group: TestGroup;
let agent: TestAgent;
let browser: TestBrowser;
let page: Page;
let computerId: string | undefined;

before(async () => {
  [group, browser] = await Promise.all([startGroup(), launchBrowser()]);
  agent = await startTestAgent(group, 'browser-agent');
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await agent?.stop();
  await group?.stop();
});

test('an administrator signs in and sees who they are', async () => {
  await page.goto(group.consoleUrl);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await screenshot(page, '01-login');
  await signIn(page, group.consoleUrl, 'admin', group.adminPassword);
  assert.match(await page.getByTestId('whoami').innerText(), /administrator/);
  await page.getByTestId('alert-view').waitFor();
});

test('a new alert appears live, without a reload', async () => {
  await page.goto(`${group.consoleUrl}#/monitoring/active-alerts`);
  await page.getByTestId('alert-table').waitFor();
  await page.locator('.live-dot[data-state="open"]').first().waitFor();
  const marker = await page.evaluate<number>('window.vigilMarker = Date.now()');
  const now = Date.now();
  agent.submit([{ kind: 'state-change', objectKey: agent.computerKey, monitorId: CPU_MONITOR, fromState: 'healthy', toState: 'critical', timestampMs: now, context: { 'processor-time.percent': 99.2, samples: 3 } }]);
  const row = page.getByTestId('alert-table').locator('tbody tr', { hasText: 'Processor utilization' });
  await row.waitFor({ timeout: 20_000 });
  assert.equal(await page.evaluate<number>('window.vigilMarker'), marker, 'the page was not reloaded');
  await row.click();
  await page.getByTestId('alert-context').filter({ hasText: '99.2' }).waitFor();
  await screenshot(page, '02-live-alert');
});

test('the operator acknowledges the alert', async () => {
  const row = page.getByTestId('alert-table').locator('tbody tr', { hasText: 'Processor utilization' });
  await row.locator('input[type="checkbox"]').check();
  await page.getByTestId('alerts-acknowledge').click();
  await page.getByTestId('toast-success').filter({ hasText: 'Acknowledged' }).waitFor();
  await row.filter({ hasText: 'Acknowledged' }).waitFor();
  const alerts = await group.get<{ items: Array<{ name: string; resolutionState: number }> }>('/alerts?state=all');
  assert.equal(alerts.items.find((a) => a.name.startsWith('Processor utilization'))?.resolutionState, 249, 'the server recorded the acknowledgement');
  await page.getByTestId('alert-history').filter({ hasText: '249' }).or(page.getByTestId('alert-history').filter({ hasText: 'Acknowledged' })).first().waitFor();
  await screenshot(page, '03-acknowledged');
});

test('the operator puts the computer into maintenance, sees the mark, and ends it from the maintenance page', async () => {
  await page.goto(`${group.consoleUrl}#/monitoring/computers`);
  const row = page.getByTestId('state-table').locator('tbody tr').first();
  await row.waitFor();
  await row.click();
  computerId = (await row.getAttribute('data-key'))!;
  await page.getByTestId('maintenance-start').click();
  await page.getByTestId('maintenance-comment').fill('patching from the browser test');
  await page.getByTestId('maintenance-confirm').click();
  const done = page.getByTestId('toast-success').filter({ hasText: 'in maintenance' });
  const refused = page.getByRole('dialog').getByTestId('error-banner');
  await done.or(refused).first().waitFor();
  if (await refused.isVisible()) assert.fail(`the server did not start maintenance: ${await refused.innerText()}`);
  await page.getByTestId('object-maintenance').filter({ hasText: 'patching from the browser test' }).waitFor();
  // The state view marks the computer as in maintenance (wrench, "In maintenance").
  const mark = page.getByTestId('state-table').locator(`tbody tr[data-key="${computerId}"] [data-health="maintenance"]`);
  await mark.waitFor();
  await screenshot(page, '04-maintenance');
  const object = await group.admin.objects.get(computerId);
  assert.equal(object.inMaintenance, true);
  assert.equal(object.displayState, 'maintenance');
  const windows = await group.admin.maintenance.list({ objectId: computerId });
  assert.equal(windows.length, 1);
  assert.equal(windows[0]!.comment, 'patching from the browser test');
  assert.equal(windows[0]!.reason, 'other');

  await page.goto(`${group.consoleUrl}#/admin/maintenance`);
  const active = page.getByTestId('maintenance-active').locator('tbody tr', { hasText: object.displayName });
  await active.waitFor();
  await screenshot(page, '04b-maintenance-page');
  await active.getByRole('button', { name: 'End now' }).click();
  await page.getByTestId('toast-success').filter({ hasText: 'Maintenance ended' }).waitFor();
  assert.equal((await group.admin.objects.get(computerId)).inMaintenance, false);

  // A weekly schedule for the same computer.
  await page.getByTestId('schedule-new').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('schedule-name').fill('Sunday patching');
  await dialog.getByTestId('object-picker').fill(object.displayName.slice(0, 6));
  await dialog.getByRole('option', { name: object.displayName }).first().click();
  await dialog.getByTestId('schedule-create').click();
  await page.getByTestId('maintenance-schedules').locator('tbody tr', { hasText: 'Sunday patching' }).filter({ hasText: 'Weekly on sunday at 02:00' }).waitFor();
  const schedules = await group.admin.maintenance.schedules();
  assert.deepEqual(schedules.map((x) => [x.name, x.objectId, x.recurrence.kind, x.durationMs]), [['Sunday patching', computerId, 'weekly', 7_200_000]]);
  await screenshot(page, '04c-maintenance-schedule');
});

test('a performance chart opens and zooms', async () => {
  const now = Date.now();
  agent.submit(Array.from({ length: 30 }, (_, i) => ({ kind: 'perf' as const, objectKey: agent.computerKey, counter: 'processor-time.percent', instance: '_Total', value: 20 + 10 * Math.sin(i / 3), timestampMs: now - (30 - i) * 60_000 })));
  computerId ??= (await group.get<{ items: Array<{ id: string }> }>('/objects?classId=Vigil.Core.Computer')).items[0]!.id;
  const objectParam = `?object=${encodeURIComponent(computerId)}`;
  await page.goto(`${group.consoleUrl}#/monitoring/performance${objectParam}`);
  // Anchored: the computer may also have Vigil.Linux's `cpu.processor-time.percent` series.
  const cpu = page.getByTestId('perf-series').locator('label', { hasText: /^processor-time\.percent/ });
  await cpu.waitFor({ timeout: 20_000 });
  await cpu.locator('input').check();
  const chart = page.getByTestId('perf-chart');
  await chart.locator('canvas').waitFor({ timeout: 20_000 });
  await chart.locator('.u-legend', { hasText: 'processor-time.percent' }).waitFor();
  await screenshot(page, '05-performance');
  const box = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.getByTestId('perf-reset-zoom').waitFor();
  await chart.locator('canvas').waitFor();
  await screenshot(page, '05b-performance-zoomed');
});

test('an override set from the console shows as the effective value, with its winner, and can be removed', async () => {
  computerId ??= (await group.admin.objects.list({ classId: 'Vigil.Core.Computer' })).items[0]!.id;
  const computer = await group.admin.objects.get(computerId);
  await page.goto(`${group.consoleUrl}#/admin/overrides`);
  await page.getByTestId('override-new').click();
  await page.getByTestId('override-workflow').fill(CPU_MONITOR);
  await page.getByTestId('override-parameter').fill('critical');
  await page.getByTestId('override-value').fill('90');
  await page.getByTestId('override-class').selectOption('Vigil.Core.Computer');
  await page.getByTestId('override-save').click();
  await page.getByTestId('toast-success').filter({ hasText: 'Override saved' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('overrides-table').locator('tbody tr', { hasText: CPU_MONITOR }).waitFor();
  // Saving fills the effective-value form with the monitor and parameter; pick the computer.
  const effective = page.getByTestId('effective-override');
  assert.equal(await effective.getByTestId('effective-workflow').inputValue(), CPU_MONITOR);
  await effective.getByTestId('object-picker').fill(computer.displayName.slice(0, 6));
  await effective.getByRole('option', { name: computer.displayName }).first().click();
  await effective.getByTestId('effective-show').click();
  await effective.getByTestId('effective-result').waitFor();
  assert.equal(await effective.getByTestId('effective-value').innerText(), '90');
  assert.equal(await effective.getByTestId('effective-result').getAttribute('data-kind'), 'overridden');
  assert.match(await effective.getByTestId('effective-winner').innerText(), /class Vigil\.Core\.Computer = 90/);
  await effective.getByTestId('effective-candidates').waitFor();
  await screenshot(page, '06-override-effective');
  const api = await group.admin.overrides.effective({ objectId: computerId, workflowId: CPU_MONITOR, parameter: 'critical' });
  assert.equal(api.kind, 'overridden');
  assert.equal(api.value, 90);
  assert.equal(api.defaultValue, 95);

  // Remove it again (after a confirmation): the row goes and the pack default applies.
  const [stored] = await group.admin.overrides.list({ workflowId: CPU_MONITOR });
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId(`override-remove-${stored!.id}`).click();
  await page.getByTestId('toast-success').filter({ hasText: 'Override removed' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('overrides-table').locator('tbody tr', { hasText: CPU_MONITOR }).waitFor({ state: 'detached' });
  const after = await group.admin.overrides.effective({ objectId: computerId, workflowId: CPU_MONITOR, parameter: 'critical' });
  assert.deepEqual([after.kind, after.value], ['default', 95]);
});

test('a task runs on the computer and its result shows', async () => {
  computerId ??= (await group.admin.objects.list({ classId: 'Vigil.Core.Computer' })).items[0]!.id;
  await page.goto(`${group.consoleUrl}#/monitoring/tasks?object=${encodeURIComponent(computerId)}`);
  await page.getByTestId('task-type').fill('agent-info');
  await page.getByTestId('task-run').click();
  const status = page.getByTestId('task-result').getByTestId('task-status');
  await status.filter({ hasText: /succeeded|failed|timed-out/ }).waitFor({ timeout: 30_000 });
  assert.equal(await status.innerText(), 'succeeded', await page.getByTestId('task-output').innerText());
  assert.match(await page.getByTestId('task-output').innerText(), /browser-agent/);
  await screenshot(page, '07-task-result');
});

test('the packs, groups and gateways pages show what the server has', async () => {
  await page.goto(`${group.consoleUrl}#/admin/packs`);
  await page.getByTestId('packs-table').locator('tbody tr', { hasText: 'Vigil.Linux' }).first().waitFor();
  // Export: the override pack the earlier test wrote and then emptied (version 1.0.0 → 1.0.1), as YAML.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pack-export-Vigil.Overrides').click()]);
  const exported = await readFile((await download.path())!, 'utf8');
  assert.match(exported, /name: Vigil\.Overrides\n\s+version: 1\.0\.1\n[\s\S]*overrides: \[\]/);
  await page.getByTestId('pack-import').click();
  await page.getByTestId('pack-yaml').fill('name: Broken.Pack\nversion: 1\n');
  await page.getByTestId('pack-validate').click();
  await page.getByTestId('pack-problems').waitFor();
  await screenshot(page, '08-packs-validate');
  await page.keyboard.press('Escape');
  await group.admin.groups.create({ displayName: 'Browser computers', dynamic: [{ class: 'Vigil.Core.Computer' }] });
  await page.goto(`${group.consoleUrl}#/admin/groups`);
  await page.getByTestId('groups-table').locator('tbody tr', { hasText: 'Browser computers' }).click();
  await page.getByTestId('group-members').locator('tbody tr', { hasText: 'dynamic' }).or(page.getByTestId('group-members').locator('tbody tr')).first().waitFor();
  await page.getByTestId('group-health-state').waitFor();
  await screenshot(page, '09-groups');
  await page.goto(`${group.consoleUrl}#/admin/gateways`);
  await page.getByTestId('gateways-table').waitFor();
  assert.equal(await page.getByTestId('error-banner').count(), 0, 'no page reported an API error');
  await screenshot(page, '09b-gateways');
});

test('a read-only operator sees admin actions disabled and the server refusal', async () => {
  await group.admin.roles.create({ name: 'Watchers', profile: 'read-only-operator' });
  await group.admin.users.create({ name: 'watcher', password: 'watcher-password-1', roles: ['Watchers'] });
  // Sign-out ends the admin session; the same browser signs in as the read-only operator.
  await page.getByTestId('sign-out').click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const ro = page;
  await signIn(ro, group.consoleUrl, 'watcher', 'watcher-password-1');
  assert.match(await ro.getByTestId('whoami').innerText(), /read-only-operator/);
  await ro.goto(`${group.consoleUrl}#/admin/users`);
  const newUser = ro.getByTestId('new-user');
  await newUser.waitFor();
  assert.equal(await newUser.getAttribute('aria-disabled'), 'true');
  assert.match((await newUser.getAttribute('title')) ?? '', /users:manage/);
  const refusal = ro.getByTestId('error-banner').filter({ hasText: 'Refused by the server' }).first();
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /FORBIDDEN/);
  await screenshot(ro, '10-read-only-refused');
});
