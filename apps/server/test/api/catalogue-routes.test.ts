// The lists clients build their forms from, on both dialects: the maintenance reasons (every
// listed choice is one POST /maintenance accepts, and only those), the task types built into
// every agent, and the typed schedule recurrence (the documented field names are the accepted
// ones; OpenAPI shows its kinds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MaintenanceReasonChoice, TaskTypeView } from '@vigil/protocol';
import { DIALECTS } from '@vigil/store/testing';
import { startApiHarness } from './api-harness.ts';
import { addComputer } from './monitoring-fixtures.ts';

const V1 = '/api/v1';

for (const dialect of DIALECTS) {
  test(`maintenance reasons and task types are listed to read-only operators; recurrence is typed [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      await h.createUser('admin1', [{ profile: 'administrator' }]);
      await h.createUser('viewer1', [{ profile: 'read-only-operator' }]);
      const admin = await h.login('admin1', 'token');
      const viewer = await h.login('viewer1', 'token');
      const call = async <T>(session: typeof admin, method: string, url: string, body?: unknown, status = 200): Promise<T> => {
        const response = await h.call(session, method, `${V1}${url}`, body);
        assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
        return (response.body ? response.json() : undefined) as T;
      };

      const reasons = (await call<{ items: MaintenanceReasonChoice[] }>(viewer, 'GET', '/maintenance/reasons')).items;
      assert.deepEqual(reasons.find((r) => r.reason === 'hardware-maintenance' && r.planned), { reason: 'hardware-maintenance', planned: true, displayName: 'Hardware: Maintenance (Planned)' });
      assert.deepEqual(reasons.filter((r) => r.reason === 'security-issue'), [{ reason: 'security-issue', planned: false, displayName: 'Security Issue' }]);
      assert.deepEqual(reasons.filter((r) => r.reason === 'application-installation').map((r) => r.planned), [true]);
      assert.equal(new Set(reasons.map((r) => `${r.reason}:${r.planned}`)).size, reasons.length, 'each choice once');
      for (const [n, choice] of reasons.entries()) {
        const objectId = await addComputer(h.store.db, `reason-${n}.example.test`, h.clock.nowMs());
        await call(admin, 'POST', '/maintenance', { objectId, durationMinutes: 30, reason: choice.reason, planned: choice.planned }, 201);
      }
      const spare = await addComputer(h.store.db, 'reason-refused.example.test', h.clock.nowMs());
      await call(admin, 'POST', '/maintenance', { objectId: spare, durationMinutes: 30, reason: 'security-issue', planned: true }, 400);

      const types = (await call<{ items: TaskTypeView[] }>(viewer, 'GET', '/tasks/types')).items;
      assert.deepEqual(types.map((t) => t.id), ['agent-info', 'run-command', 'flush-spool']);
      const runCommand = types.find((t) => t.id === 'run-command')!;
      assert.deepEqual(runCommand.parameters.filter((p) => p.required).map((p) => p.name), ['executable']);
      assert.ok(types.every((t) => t.displayName !== '' && t.description !== ''));

      const objectId = await addComputer(h.store.db, 'scheduled.example.test', h.clock.nowMs());
      const schedule = (recurrence: unknown) => ({ name: 'nightly', objectId, recursive: false, timeZone: 'UTC', recurrence, durationMs: 3_600_000, reason: 'other', planned: true });
      const weekly = { kind: 'weekly', time: '02:00', fromDate: '2030-01-01', untilDate: '2030-12-31', daysOfWeek: ['sunday', 'wednesday'] };
      const created = await call<{ recurrence: unknown }>(admin, 'POST', '/maintenance/schedules', schedule(weekly), 201);
      assert.deepEqual(created.recurrence, weekly);
      await call(admin, 'POST', '/maintenance/schedules', schedule({ kind: 'monthly', time: '03:30', fromDate: '2030-01-01', dayOfMonth: 'last' }), 201);
      await call(admin, 'POST', '/maintenance/schedules', schedule({ kind: 'once', date: '2030-06-01', time: '22:00' }), 201);
      // The names the schema used to document (startDate/endDate) were never accepted: fromDate is required.
      await call(admin, 'POST', '/maintenance/schedules', schedule({ kind: 'daily', time: '02:00', startDate: '2030-01-01' }), 400);
      await call(admin, 'POST', '/maintenance/schedules', schedule({ kind: 'weekly', time: '02:00', fromDate: '2030-01-01', daysOfWeek: ['someday'] }), 400);
      await call(admin, 'POST', '/maintenance/schedules', schedule({ kind: 'hourly', time: '02:00', fromDate: '2030-01-01' }), 400);

      const openapi = (await h.app.inject({ method: 'GET', url: `${V1}/openapi.json` })).json<Record<string, unknown>>();
      const documented = JSON.stringify(openapi);
      for (const field of ['fromDate', 'untilDate', 'daysOfWeek', 'dayOfMonth']) assert.ok(documented.includes(`"${field}"`), `OpenAPI documents recurrence.${field}`);
      assert.ok(!documented.includes('startDate'));
    } finally {
      await h.close();
    }
  });
}
