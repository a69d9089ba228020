// Small plain validators for monitor-type configurations. Each check appends a sentence that
// names the field, says what is allowed and shows what was given, so a pack author can fix a
// YAML file from the message alone.

export type ConfigRecord = Readonly<Record<string, unknown>>;

export function asConfigRecord(config: unknown, errors: string[]): ConfigRecord | undefined {
  if (typeof config === 'object' && config !== null && !Array.isArray(config)) return config as ConfigRecord;
  errors.push(`configuration must be an object, got ${describe(config)}`);
  return undefined;
}

export function checkKnownKeys(config: ConfigRecord, allowed: readonly string[], errors: string[]): void {
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) errors.push(`unknown field "${key}"; allowed: ${allowed.join(', ')}`);
  }
}

export interface NumberRule {
  readonly required?: boolean;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export function checkNumber(config: ConfigRecord, key: string, rule: NumberRule, errors: string[]): void {
  const value = config[key];
  if (value === undefined) {
    if (rule.required) errors.push(`"${key}" is required`);
    return;
  }
  const kind = rule.integer ? 'an integer' : 'a number';
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) errors.push(`"${key}" must be ${kind}${range(rule)}, got ${describe(value)}`);
}

export function checkOneOf(
  config: ConfigRecord,
  key: string,
  allowed: readonly string[],
  required: boolean,
  errors: string[],
): void {
  const value = config[key];
  if (value === undefined) {
    if (required) errors.push(`"${key}" is required (one of ${allowed.join(', ')})`);
    return;
  }
  if (typeof value !== 'string' || !allowed.includes(value)) {
    errors.push(`"${key}" must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
}

export function checkStringList(config: ConfigRecord, key: string, required: boolean, errors: string[]): void {
  const value = config[key];
  if (value === undefined) {
    if (required) errors.push(`"${key}" is required (a non-empty list of strings)`);
    return;
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    errors.push(`"${key}" must be a non-empty list of non-empty strings, got ${describe(value)}`);
  }
}

function range(rule: NumberRule): string {
  if (rule.min !== undefined && rule.max !== undefined) return ` from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return ` >= ${rule.min}`;
  if (rule.max !== undefined) return ` <= ${rule.max}`;
  return '';
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
