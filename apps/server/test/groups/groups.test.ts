import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, isVigilError, type ObjectId } from '@vigil/core';
import { bulkInsert, setObjectHealth, upsertMonitoringObject, type Store } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import { createGroup, deleteGroup, groupMembers, groupsOfObject, updateGroup, type GroupInput } from '../../src/groups/group.service.ts';
import { recomputeGroupMemberships, recomputeMembershipsOfObjects } from '../../src/groups/group-membership.ts';
import { groupHealth } from '../../src/groups/group-health.ts';
import type { GroupContext } from '../../src/groups/group-context.ts';

const T0 = Date.UTC(2026, 5, 1);
const CLASSES: Array<[string, string | null]> = [
  ['Vigil.Test.Entity', null],
  ['Vigil.Test.Computer', 'Vigil.Test.Entity'],
  ['Vigil.Test.WindowsComputer', 'Vigil.Test.Computer'],
  ['Vigil.Test.WindowsServer2022', 'Vigil.Test.WindowsComputer'],
  ['Vigil.Test.LinuxComputer', 'Vigil.Test.Computer'],
  ['Vigil.Test.Disk', 'Vigil.Test.Entity'],
];

for (const dialect of DIALECTS) {
  describe(`groups [${dialect}]`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let ctx: GroupContext;
    let win1: ObjectId, win2: ObjectId, lin1: ObjectId, disk1: ObjectId;

    beforeEach(async () => {
      ({ store, cleanup } = await createTestStore(dialect));
      ctx = { db: store.db, clock: new FakeClock(T0) };
      for (const [id, base] of CLASSES) {
        await store.db.insertInto('class').values({ id, pack_name: 'Vigil.Test', base_id: base, abstract: 0, hosted: 0, display_name: id, properties_json: '[]' }).execute();
      }
      const add = (classId: string, key: string, properties: Record<string, unknown>, hostId?: ObjectId) =>
        upsertMonitoringObject(store.db, { classId, objectKey: key, displayName: key, properties, hostId: hostId ?? null, nowMs: T0 });
      win1 = await add('Vigil.Test.WindowsServer2022', 'win1', { os: 'Windows Server 2022', cores: 8, site: 'Berlin' });
      win2 = await add('Vigil.Test.WindowsComputer', 'win2', { os: 'Windows 11', cores: 2, site: 'Munich' });
      lin1 = await add('Vigil.Test.LinuxComputer', 'lin1', { os: 'Debian 13', cores: '16', site: 'berlin', dmz: true });
      disk1 = await add('Vigil.Test.Disk', 'win1/C:', { sizeGb: 500 }, win1);
    });
    afterEach(() => cleanup());

    const ids = async (groupId: string) => (await groupMembers(ctx, groupId)).map((m) => m.displayName).sort();
    const group = (displayName: string, rest: Partial<GroupInput>) => createGroup(ctx, { displayName, ...rest });

    test('dynamic rules match a class and every class derived from it', async () => {
      const computers = await group('All computers', { dynamic: [{ class: 'Vigil.Test.Computer' }] });
      const windows = await group('Windows', { dynamic: [{ class: 'Vigil.Test.WindowsComputer' }] });
      assert.deepEqual(await ids(computers.id), ['lin1', 'win1', 'win2']);
      assert.deepEqual(await ids(windows.id), ['win1', 'win2']);
    });

    test('property conditions: equals (case-insensitive), not-equals, contains, matches, greater/less, exists, pseudo-properties', async () => {
      const rule = (where: NonNullable<GroupInput['dynamic']>[number]['where']) => ({ dynamic: [{ class: 'Vigil.Test.Computer', where }] });
      const cases: Array<[NonNullable<GroupInput['dynamic']>[number]['where'], string[]]> = [
        [[{ property: 'site', operator: 'equals', value: 'BERLIN' }], ['lin1', 'win1']],
        [[{ property: 'site', operator: 'not-equals', value: 'berlin' }], ['win2']],
        [[{ property: 'os', operator: 'contains', value: 'server' }], ['win1']],
        [[{ property: 'os', operator: 'matches', value: '^Windows \\d+$' }], ['win2']],
        [[{ property: 'cores', operator: 'greater-than', value: 4 }], ['lin1', 'win1']],
        [[{ property: 'cores', operator: 'less-than', value: 4 }, { property: 'site', operator: 'exists' }], ['win2']],
        [[{ property: 'dmz', operator: 'exists' }], ['lin1']],
        [[{ property: 'cores', operator: 'equals', value: 16 }], ['lin1']],
        [[{ property: '$displayName', operator: 'matches', value: '^win' }, { property: 'dmz', operator: 'not-equals', value: true }], ['win1', 'win2']],
      ];
      for (const [i, [where, expected]] of cases.entries()) {
        const g = await group(`case ${i}`, rule(where));
        assert.deepEqual(await ids(g.id), expected, JSON.stringify(where));
      }
      await assert.rejects(group('bad', rule([{ property: 'os', operator: 'matches', value: '(' }])), (e) => isVigilError(e, 'VALIDATION_FAILED') && /regular expression/.test(e.message));
      await assert.rejects(group('bad', rule([{ property: 'cores', operator: 'greater-than', value: 'many' }])), (e) => isVigilError(e, 'VALIDATION_FAILED'));
      await assert.rejects(group('bad', { members: ['web01'] }), (e) => isVigilError(e, 'VALIDATION_FAILED'));
    });

    test('nesting is transitive, groupsOfObject follows it, and cycles are refused', async () => {
      const disks = await group('Disks', { members: [disk1] });
      const linuxAndDisks = await group('Linux and disks', { dynamic: [{ class: 'Vigil.Test.LinuxComputer' }], includeGroups: [disks.id] });
      const top = await group('Top', { members: [win2], includeGroups: [linuxAndDisks.id] });
      assert.deepEqual(await ids(top.id), ['lin1', 'win1/C:', 'win2']);
      assert.deepEqual(
        (await groupsOfObject(ctx, disk1)).map((g) => [g.displayName, g.via]),
        [['Disks', 'static'], ['Linux and disks', 'nested'], ['Top', 'nested']],
      );

      await assert.rejects(updateGroup(ctx, disks.id, { displayName: 'Disks', includeGroups: [top.id] }), (e) => isVigilError(e, 'GROUP_CYCLE') && e.message.includes(top.id));
      await assert.rejects(updateGroup(ctx, disks.id, { displayName: 'Disks', includeGroups: [disks.id] }), (e) => isVigilError(e, 'GROUP_CYCLE'));
      await assert.rejects(group('x', { includeGroups: ['no-such-group'] }), (e) => isVigilError(e, 'NOT_FOUND'));
      await assert.rejects(deleteGroup(ctx, disks.id), (e) => isVigilError(e, 'GROUP_IN_USE') && e.message.includes('Linux and disks'));

      // Changing an included group updates the groups that include it at once.
      await updateGroup(ctx, disks.id, { displayName: 'Disks', members: [] });
      assert.deepEqual(await ids(top.id), ['lin1', 'win2']);
      await deleteGroup(ctx, top.id);
      assert.deepEqual((await groupsOfObject(ctx, win2)).length, 0);
    });

    test('recomputation follows object changes: scoped by object or full, static wins over dynamic', async () => {
      const berlin = await group('Berlin', { members: [lin1], dynamic: [{ class: 'Vigil.Test.Computer', where: [{ property: 'site', operator: 'equals', value: 'Berlin' }] }] });
      assert.deepEqual((await groupMembers(ctx, berlin.id)).map((m) => [m.displayName, m.via]), [['lin1', 'static'], ['win1', 'dynamic']]);

      await upsertMonitoringObject(store.db, { classId: 'Vigil.Test.WindowsComputer', objectKey: 'win2', displayName: 'win2', properties: { site: 'Berlin' }, nowMs: T0 });
      const scoped = await recomputeMembershipsOfObjects(ctx, [win2]);
      assert.equal(scoped.added, 1);
      assert.deepEqual(await ids(berlin.id), ['lin1', 'win1', 'win2']);

      await store.db.updateTable('monitoring_object').set({ deleted_at: T0 + 1 }).where('id', '=', win1).execute();
      const full = await recomputeGroupMemberships(ctx);
      assert.equal(full.removed, 1);
      assert.deepEqual(await ids(berlin.id), ['lin1', 'win2']);
      const again = await recomputeGroupMemberships(ctx);
      assert.deepEqual([again.added, again.removed, again.changed], [0, 0, 0], 'a second run writes nothing');
    });

    test('group health: worst-of by default, maintenance members ignored, percentage policy, empty is unknown', async () => {
      const computers = await group('Computers', { dynamic: [{ class: 'Vigil.Test.Computer' }] });
      await setObjectHealth(store.db, win1, 'healthy', T0);
      await setObjectHealth(store.db, win2, 'warning', T0);
      await setObjectHealth(store.db, lin1, 'critical', T0);
      let health = await groupHealth(ctx, computers.id);
      assert.equal(health.result.state, 'critical');
      assert.deepEqual(health.result.contributing, [lin1]);

      await store.db.updateTable('monitoring_object').set({ in_maintenance: 1 }).where('id', '=', lin1).execute();
      health = await groupHealth(ctx, computers.id);
      assert.equal(health.result.state, 'warning', 'the member in maintenance is left out');
      assert.deepEqual(health.counts, { healthy: 1, warning: 1, critical: 0, unknown: 0, maintenance: 1 });

      const pct = await group('Farm', {
        dynamic: [{ class: 'Vigil.Test.Computer' }],
        healthRollup: { algorithm: { kind: 'percentage', warningBelowPercent: 60, criticalBelowPercent: 40 }, maintenance: 'ignore', unknown: 'ignore' },
      });
      assert.equal((await groupHealth(ctx, pct.id)).result.state, 'warning', '1 of 2 counted members healthy = 50%');
      const empty = await group('Empty', {});
      assert.equal((await groupHealth(ctx, empty.id)).result.state, 'unknown');
      await assert.rejects(group('bad', { healthRollup: { algorithm: { kind: 'percentage' }, maintenance: 'ignore', unknown: 'ignore' } }), (e) => isVigilError(e, 'VALIDATION_FAILED'));
    });

    test('scale: 15,000 computers with 4 disks each recompute in seconds', async () => {
      const rows: unknown[][] = [];
      for (let i = 0; i < 15_000; i++) {
        const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
        rows.push([id, 'Vigil.Test.WindowsServer2022', `host${i}`, `host${i}`, null, JSON.stringify({ site: i % 3 === 0 ? 'Berlin' : 'Munich', cores: i % 16 }), 'healthy', T0, 0, T0, T0]);
        for (let d = 0; d < 4; d++) {
          rows.push([`00000000-0000-7000-9${d}00-${String(i).padStart(12, '0')}`, 'Vigil.Test.Disk', `host${i}/${d}`, `disk ${d}`, id, '{"sizeGb":100}', 'healthy', T0, 0, T0, T0]);
        }
      }
      const columns = ['id', 'class_id', 'object_key', 'display_name', 'host_id', 'properties_json', 'health_state', 'health_changed_at', 'in_maintenance', 'created_at', 'updated_at'];
      await bulkInsert(store.db, 'monitoring_object', columns, rows);
      const started = performance.now();
      const all = await group('All computers', { dynamic: [{ class: 'Vigil.Test.Computer' }] });
      const berlin = await group('Berlin big', { dynamic: [{ class: 'Vigil.Test.Computer', where: [{ property: 'site', operator: 'equals', value: 'berlin' }, { property: 'cores', operator: 'greater-than', value: 7 }] }] });
      await group('Everything', { includeGroups: [all.id, berlin.id], dynamic: [{ class: 'Vigil.Test.Disk' }] });
      const full = await recomputeGroupMemberships(ctx);
      const elapsedMs = performance.now() - started;
      assert.equal(full.added, 0, 'creation already computed every group');
      assert.equal((await groupHealth(ctx, all.id)).memberCount, 15_003);
      assert.ok(elapsedMs < 30_000, `took ${Math.round(elapsedMs)} ms`);
      console.log(`[${dialect}] groups over 75k objects: ${Math.round(elapsedMs)} ms`);
    });
  });
}
