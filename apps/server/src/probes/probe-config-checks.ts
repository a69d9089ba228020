// Small validators shared by the probes' validateConfig: each pushes a sentence naming the field.

export type ConfigRecord = Readonly<Record<string, unknown>>;

export function asRecord(config: unknown, errors: string[]): ConfigRecord | undefined {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    errors.push('the probe configuration must be an object');
    return undefined;
  }
  return config as ConfigRecord;
}

export function knownKeys(record: ConfigRecord, allowed: readonly string[], errors: string[]): void {
  for (const key of Object.keys(record)) if (!allowed.includes(key)) errors.push(`"${key}" is not a setting of this probe (allowed: ${allowed.join(', ')})`);
}

export function requireString(record: ConfigRecord, key: string, errors: string[], required = true): void {
  const value = record[key];
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || value.length === 0) errors.push(`"${key}" must be a non-empty string`);
}

export function requireNumber(record: ConfigRecord, key: string, errors: string[], range: { min: number; max: number; required?: boolean }): void {
  const value = record[key];
  if (value === undefined && !range.required) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
    errors.push(`"${key}" must be a number from ${range.min} to ${range.max}`);
  }
}

export function requireOneOf(record: ConfigRecord, key: string, allowed: readonly string[], errors: string[], required = false): void {
  const value = record[key];
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || !allowed.includes(value)) errors.push(`"${key}" must be one of ${allowed.join(', ')}`);
}

export function requireRegex(record: ConfigRecord, key: string, errors: string[]): void {
  const value = record[key];
  if (value === undefined) return;
  try {
    new RegExp(String(value));
  } catch (error) {
    errors.push(`"${key}" is not a valid regular expression (${(error as Error).message})`);
  }
}

export const DEFAULT_PROBE_TIMEOUT_MS = 5000;
