// One configuration per role, built once at the entry point: command-line flags win over
// environment variables (VIGIL_<KEY_IN_SNAKE_CASE>), which win over the role's section of the
// YAML file, which wins over the schema's defaults. The result is validated and frozen; the
// first bad value stops start-up with one line naming the key, where it came from and what is
// allowed. This is the only module that reads process.env (its caller passes it in).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { TObject, TSchema, Static } from 'typebox';
import { Value } from 'typebox/value';
import { VigilError } from '../errors/vigil-error.ts';
import { describeAllowed } from './describe-allowed.ts';

export interface ConfigSources {
  /** Flags as parsed by the CLI (undefined = not given). */
  readonly flags?: Readonly<Record<string, unknown>>;
  /** Usually process.env, passed in by the entry point. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A YAML file whose `section` (the role name) holds this role's keys; missing file = none. */
  readonly file?: { readonly path: string; readonly section: string };
}

export interface ConfigDefinition<S extends TObject> {
  readonly role: string;
  readonly schema: S;
  /** Cross-field rules; return a message naming the keys involved, or undefined if fine. */
  readonly refine?: (config: Static<S>) => { key: string; problem: string; allowed: string } | undefined;
}

type Origin = 'flag' | 'env' | 'file' | 'default';

export function envVariableName(key: string): string {
  return `VIGIL_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** Builds, validates and freezes a role's configuration. Throws CONFIG_INVALID / CONFIG_FILE_UNREADABLE. */
export function loadConfig<S extends TObject>(definition: ConfigDefinition<S>, sources: ConfigSources): Readonly<Static<S>> {
  const properties = definition.schema.properties as Record<string, TSchema>;
  const fileValues = readSection(sources.file);
  const merged: Record<string, unknown> = {};
  const origins: Record<string, string> = {};

  for (const key of Object.keys(fileValues)) {
    if (!(key in properties)) {
      throw invalid(definition.role, key, `in ${sources.file?.path} is not a known setting`, Object.keys(properties).join(', '));
    }
  }
  for (const [key, schema] of Object.entries(properties)) {
    const candidates: Array<[Origin, unknown, string]> = [
      ['flag', sources.flags?.[key], `flag --${key.replace(/([A-Z])/g, '-$1').toLowerCase()}`],
      ['env', sources.env?.[envVariableName(key)], envVariableName(key)],
      ['file', fileValues[key], sources.file?.path ?? 'file'],
    ];
    const chosen = candidates.find(([, value]) => value !== undefined);
    if (!chosen) continue;
    const [origin, raw, where] = chosen;
    const value = origin === 'file' ? raw : Value.Convert(schema, raw);
    if (!Value.Check(schema, value)) {
      throw invalid(definition.role, key, `(from ${where}) is ${JSON.stringify(raw)}, which is not valid`, describeAllowed(schema));
    }
    merged[key] = value;
    origins[key] = where;
  }

  const config = Value.Default(definition.schema, merged) as Static<S>;
  for (const [key, schema] of Object.entries(properties)) {
    const value = (config as Record<string, unknown>)[key];
    if (value === undefined) {
      if (!isOptional(definition.schema, key)) throw invalid(definition.role, key, 'is required but not set', describeAllowed(schema));
    }
  }
  const problem = definition.refine?.(config);
  if (problem) throw invalid(definition.role, problem.key, problem.problem, problem.allowed);
  return Object.freeze(config);
}

function isOptional(schema: TObject, key: string): boolean {
  return !(schema.required ?? []).includes(key);
}

function invalid(role: string, key: string, problem: string, allowed: string): VigilError {
  return new VigilError('CONFIG_INVALID', { key: `${role}.${key}`, problem, allowed });
}

/**
 * The YAML parser, loaded only when a configuration file exists: most agents are configured by
 * flags and environment, and the parser is about a tenth of an idle agent's memory.
 */
function loadYaml(): typeof Yaml {
  return createRequire(import.meta.url)('yaml') as typeof Yaml;
}

function readSection(file: ConfigSources['file']): Record<string, unknown> {
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file.path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new VigilError('CONFIG_FILE_UNREADABLE', { path: file.path, reason: (error as Error).message });
  }
  let document: unknown;
  try {
    document = loadYaml().parse(text) ?? {};
  } catch (error) {
    throw new VigilError('CONFIG_FILE_UNREADABLE', { path: file.path, reason: (error as Error).message.split('\n')[0] });
  }
  if (typeof document !== 'object' || Array.isArray(document) || document === null) {
    throw new VigilError('CONFIG_FILE_UNREADABLE', { path: file.path, reason: 'the file must hold a mapping of role names to settings' });
  }
  const section = (document as Record<string, unknown>)[file.section];
  if (section === undefined || section === null) return {};
  if (typeof section !== 'object' || Array.isArray(section)) {
    throw new VigilError('CONFIG_FILE_UNREADABLE', { path: file.path, reason: `section "${file.section}" must be a mapping of settings` });
  }
  return section as Record<string, unknown>;
}
