// A small stand-in for the management server's config compiler (docs/agent-workflows.md), for
// tests and the footprint benchmark: the workflows that packs give a set of objects, with simple
// per-workflow parameter overrides applied (monitor config keys, intervals, discovery config keys).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parsePack, type PackDocument } from '@vigil/core';
import type { Config, DiscoveryItem, Workflow } from '@vigil/protocol';

export const REPO_ROOT = path.join(import.meta.dirname, '..', '..', '..', '..');

export interface CompiledObject {
  readonly classId: string;
  readonly key: string;
  readonly properties: Readonly<Record<string, string | number | boolean | null>>;
}

/** workflowId -> parameter -> value. */
export type SimpleOverrides = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export function loadPacks(...relativePaths: string[]): PackDocument[] {
  return relativePaths.map((file) => {
    const result = parsePack(readFileSync(path.join(REPO_ROOT, file), 'utf8'), file);
    if (result.status !== 'parsed') throw new Error(`${file} does not parse`);
    return result.pack.document;
  });
}

export const STANDARD_PACKS = ['packs/vigil-core/vigil-core.pack.yaml', 'packs/linux/vigil-linux.pack.yaml', 'packs/nagios/vigil-nagios.pack.yaml'];

export function computerObject(hostName: string): CompiledObject {
  return { classId: 'Vigil.Core.Computer', key: `Vigil.Core.Computer:${hostName}`, properties: { HostName: hostName } };
}

/** Objects from discovery items, as the server records them. */
export function objectsFrom(items: readonly DiscoveryItem[]): CompiledObject[] {
  return items.flatMap((item) => item.instances.map((i) => ({ classId: i.classId, key: i.key, properties: i.properties })));
}

export function compileWorkflows(packs: readonly PackDocument[], objects: readonly CompiledObject[], overrides: SimpleOverrides = {}): Workflow[] {
  const classes = new Map(packs.flatMap((p) => p.classes ?? []).map((c) => [c.id, c]));
  const chainOf = (id: string): string[] => {
    const chain: string[] = [];
    for (let c: string | undefined = id; c !== undefined && !chain.includes(c); c = classes.get(c)?.base) chain.push(c);
    return chain;
  };
  const keyProperties = (id: string): string[] => chainOf(id).flatMap((c) => (classes.get(c)?.properties ?? []).filter((p) => p.key === true).map((p) => p.name));
  const param = (id: string, name: string, fallback: unknown): unknown => overrides[id]?.[name] ?? fallback;
  const workflows: Workflow[] = [];
  for (const object of objects) {
    const chain = chainOf(object.classId);
    const target = { classId: object.classId, key: object.key, properties: object.properties };
    for (const pack of packs) {
      for (const d of pack.discoveries ?? []) {
        if (!chain.includes(d.target) || d.runsOn !== 'agent' || param(d.id, 'enabled', true) !== true) continue;
        const config = d.source.kind === 'collector' ? Object.fromEntries(Object.entries(d.source.config ?? {}).map(([k, v]) => [k, param(d.id, k, v)])) : undefined;
        workflows.push({
          workflowId: d.id, kind: 'discovery', typeId: d.source.kind, targetKey: object.key, enabled: true,
          intervalSeconds: Number(param(d.id, 'intervalSeconds', d.source.intervalSeconds)),
          configuration: json({ target, source: d.source, ...(config === undefined ? {} : { config }), discovers: { ...d.discovers, keyProperties: keyProperties(d.discovers.class) } }),
        });
      }
      for (const m of pack.monitors ?? []) {
        if (m.kind !== 'unit' || m.source === undefined || !chain.includes(m.target) || param(m.id, 'enabled', true) !== true) continue;
        const config = Object.fromEntries(Object.entries(m.config).map(([k, v]) => [k, param(m.id, k, v)]));
        workflows.push({
          workflowId: m.id, kind: 'monitor', typeId: m.type, targetKey: object.key, enabled: true,
          intervalSeconds: Number(param(m.id, 'intervalSeconds', m.source.intervalSeconds)),
          configuration: json({ target, source: m.source, config }),
        });
      }
      for (const r of pack.rules ?? []) {
        if (!chain.includes(r.target) || (r.runsOn ?? 'agent') !== 'agent' || param(r.id, 'enabled', true) !== true) continue;
        const interval = r.kind === 'performance-collection' ? Number(param(r.id, 'intervalSeconds', r.source.intervalSeconds)) : undefined;
        workflows.push({
          workflowId: r.id, kind: 'rule', typeId: r.kind, targetKey: object.key, enabled: true,
          ...(interval === undefined ? {} : { intervalSeconds: interval }),
          configuration: json({ target, source: r.source, ...(r.kind === 'alert' ? { alert: r.alert } : {}), ...(r.kind === 'performance-collection' && r.optimized ? { optimized: r.optimized } : {}) }),
        });
      }
    }
  }
  return workflows.sort((a, b) => a.workflowId.localeCompare(b.workflowId) || a.targetKey.localeCompare(b.targetKey));
}

export function toConfig(workflows: readonly Workflow[]): Config {
  return { kind: 'config', version: createHash('sha256').update(JSON.stringify(workflows)).digest('hex').slice(0, 32), workflows: [...workflows] };
}

function json(value: Record<string, unknown>): Record<string, never> {
  return JSON.parse(JSON.stringify(value)) as Record<string, never>;
}
