// Compiles the imported packs into one pool object's probe definitions: every enabled unit
// monitor with a `kind: probe` source that targets the object's class or a base class, with
// overrides applied (class < group < instance, enforced wins: core's effectiveParameter, as for
// agents) and `$target.Property` filled in from the object. The result is what the probe workload
// reads from the object's properties_json "probes" (apps/server/src/pool/pool-objects.query.ts).
import { effectiveParameter, substituteTarget, type Override, type ProbeMonitorSource, type UnitMonitor } from '@vigil/core';
import type { PackCatalogue } from './pack-catalogue.ts';

export interface PoolObjectInput {
  readonly id: string;
  readonly classId: string;
  readonly objectKey: string;
  /** The object's class properties (without its compiled "probes"). */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly groupIds: readonly string[];
}

/** One probe definition as stored under properties_json.probes (the probe workload's format). */
export interface CompiledProbe {
  /** The monitor id: names the probe's latency series instance and its memory. */
  readonly name: string;
  readonly probe: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly intervalSeconds: number;
  readonly monitorId: string;
  /** The probe-result monitor type's config, overrides applied. */
  readonly monitor: Readonly<Record<string, unknown>>;
}

export interface CompiledPoolProbes {
  readonly probes: readonly CompiledProbe[];
  /** Monitors left out because their effective probe config is invalid for this object, as sentences. */
  readonly problems: readonly string[];
}

/** The probe registry's verdict on a config (validateProbe in probes/probe-registry.ts). */
export type ProbeConfigValidator = (probe: string, config: unknown) => string[];

export function compilePoolProbes(catalogue: PackCatalogue, object: PoolObjectInput, overrides: readonly Override[], validate: ProbeConfigValidator): CompiledPoolProbes {
  const subject = { objectId: object.id, classChain: catalogue.classChain(object.classId), groupIds: object.groupIds };
  const parameter = (workflowId: string, name: string, defaultValue: unknown): unknown => {
    const result = effectiveParameter({ overrides, workflowId, parameter: name, subject, defaultValue });
    return result.kind === 'overridden' ? result.value : defaultValue;
  };
  const probes: CompiledProbe[] = [];
  const problems: string[] = [];
  for (const monitor of catalogue.unitMonitorsFor(subject.classChain)) {
    if (monitor.source?.kind !== 'probe' || parameter(monitor.id, 'enabled', true) !== true) continue;
    const source: ProbeMonitorSource = monitor.source;
    const monitorConfig = Object.fromEntries(Object.entries(monitor.config).map(([k, v]) => [k, parameter(monitor.id, k, v)]));
    const config = substituteTarget(probeConfig(monitor, source, parameter), object.properties) as Record<string, unknown>;
    const invalid = validate(source.probe, config);
    if (invalid.length > 0) {
      problems.push(`Monitor ${monitor.id} is not run for ${object.objectKey}: probe ${source.probe} ${invalid.join('; ')}.`);
      continue;
    }
    const interval = Number(parameter(monitor.id, 'intervalSeconds', source.intervalSeconds));
    probes.push({
      name: monitor.id,
      probe: source.probe,
      config,
      intervalSeconds: Number.isFinite(interval) && interval >= 1 ? interval : source.intervalSeconds,
      monitorId: monitor.id,
      monitor: monitorConfig,
    });
  }
  probes.sort((a, b) => a.monitorId.localeCompare(b.monitorId));
  return { probes, problems };
}

/** The probe config with overrides of its keys; a key the monitor config also has belongs to the monitor config. */
function probeConfig(monitor: UnitMonitor, source: ProbeMonitorSource, parameter: (workflowId: string, name: string, defaultValue: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source.config).map(([k, v]) => [k, k in monitor.config ? v : parameter(monitor.id, k, v)]));
}
