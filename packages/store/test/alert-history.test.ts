import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAlert, newId, type Alert, type AlertId } from '@vigil/core';
import { findAlert, saveAlert } from '@vigil/store';
import { forEachDialect } from './dialects.ts';

forEachDialect('alert history', (ctx) => {
  test('every history kind round-trips, including owner and ticket changes with nulls', async () => {
    const { db } = ctx.store;
    const id = newId<AlertId>();
    const raised = createAlert({ id, name: 'Disk full', source: { kind: 'monitor', monitorId: 'M', objectId: 'o1' }, severity: 'warning', priority: 'high', atMs: 1000 });
    await saveAlert(db, raised, undefined);
    const owned: Alert = {
      ...raised,
      history: [
        ...raised.history,
        { kind: 'owner', atMs: 2000, by: 'alice', from: null, to: 'alice' },
        { kind: 'ticket', atMs: 3000, by: 'alice', from: null, to: 'INC-42' },
        { kind: 'resolution-state', atMs: 4000, by: 'alice', from: 0, to: 249, comment: 'looking' },
      ],
    };
    await saveAlert(db, owned, raised);
    const loaded = await findAlert(db, id);
    assert.deepEqual(loaded?.history.map((h) => [h.kind, 'from' in h ? h.from : undefined, h.to]), [
      ['raised', undefined, 0],
      ['owner', null, 'alice'],
      ['ticket', null, 'INC-42'],
      ['resolution-state', 0, 249],
    ]);
  });
});
