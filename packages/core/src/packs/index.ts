// Management packs: YAML format (TypeBox schema), parsing with line-accurate diagnostics,
// semantic validation against referenced packs and the monitor type registry, versions and
// import planning, sealing (ed25519), and export.
export * from './monitor-type-catalogue.ts';
export * from './agentless/probe-catalogue.ts';
export * from './agentless/target-items.ts';
export * from './agentless/target-substitution.ts';
// Schemas double as types (a TypeBox schema and its Static type share one name).
export { STANDARD_AGGREGATES, type StandardAggregate } from './schema/common.schema.ts';
export { ClassDefinition, ClassProperty, PROPERTY_TYPES, RELATIONSHIP_KINDS, RelationshipDefinition } from './schema/model.schema.ts';
export { DiscoveryDefinition, DiscoverySource, TargetsSource } from './schema/discovery.schema.ts';
export {
  AggregateMonitor, CommandMonitorSource, CounterMonitorSource, DependencyMonitor, LogMonitorSource, MONITOR_SOURCE_INPUT_KINDS, MonitorAlert, MonitorDefinition,
  MonitorSource, NagiosMonitorSource, ProbeMonitorSource, RollupPolicy, ServiceMonitorSource, UnitMonitor, monitorSourceKind, type MonitorSourceKind,
} from './schema/monitor.schema.ts';
export { AlertRule, EventCollectionRule, EventSource, PerformanceCollectionRule, RuleDefinition } from './schema/rule.schema.ts';
export { CONDITION_OPERATORS, GroupDefinition, MembershipRule, PropertyCondition } from './schema/group.schema.ts';
export { OverrideContext, OverrideDefinition } from './schema/override.schema.ts';
export { TaskDefinition, VIEW_KINDS, ViewDefinition } from './schema/presentation.schema.ts';
export { PACK_SCHEMA_ID, PackHeader, PackReference, PackSchema, PackSeal, packJsonSchema, type PackDocument } from './schema/pack.schema.ts';
export { formatDiagnostic, hasErrors, type PackDiagnostic, type PackPath } from './parse/pack-diagnostic.ts';
export { parsePack, type PackParseResult, type ParsedPack } from './parse/parse-pack.ts';
export type { SourcePosition, YamlSource } from './parse/yaml-source.ts';
export { checkPack, packLookupFrom, validatePack, type PackCheckResult, type PackValidationOptions } from './validate/validate-pack.ts';
export type { PackLookup } from './validate/pack-index.ts';
export { ROOT_CLASS_ID } from './validate/check-classes.ts';
export { ENTITY_HEALTH } from './validate/check-monitors.ts';
export { overridableParameters, parameterValueProblem, type OverridableWorkflow, type ParameterSpec } from './validate/overridable-parameters.ts';
export * from './version/pack-version.ts';
export * from './version/plan-import.ts';
export { canonicalPackBytes } from './seal/canonical-form.ts';
export * from './seal/pack-seal.ts';
export * from './serialize/serialize-pack.ts';
