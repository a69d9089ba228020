// What a `kind: targets` discovery lists, turned into discovery items and then into the
// properties of the objects it creates. Shared by pack validation (every listed target must give
// the key properties) and the management server's pool discovery, so both read targets alike.

export type TargetScalar = string | number | boolean;
export type TargetItem = Readonly<Record<string, TargetScalar>>;

const ITEM_FIELD = /^\$item\.([A-Za-z0-9_-]+)$/;

/**
 * The items of a `targets` value (after overrides): a list gives its field maps as they are; a
 * map gives `{ key, value }` per scalar entry and `{ key, ...fields }` per field-map entry. Every
 * item starts from `defaults`. Entries of any other shape are left out (validation refuses them).
 */
export function targetItems(targets: unknown, defaults: unknown = {}): TargetItem[] {
  const base = isFieldMap(defaults) ? defaults : {};
  if (Array.isArray(targets)) return targets.filter(isFieldMap).map((fields) => ({ ...base, ...fields }));
  if (!isRecord(targets)) return [];
  return Object.entries(targets).flatMap(([key, value]): TargetItem[] => {
    if (isScalar(value)) return [{ ...base, key, value }];
    if (isFieldMap(value)) return [{ ...base, ...value, key }];
    return [];
  });
}

/** Why `value` cannot be a `targets` value, or undefined when it can. */
export function targetsValueProblem(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.every(isFieldMap) ? undefined : 'must be a list of field maps (field: text, number or true/false)';
  if (isRecord(value)) return Object.values(value).every((v) => isScalar(v) || isFieldMap(v)) ? undefined : 'must map each name to a text, number, true/false or a field map';
  return 'must be a list of field maps, or a map of name -> value or name -> field map';
}

/** The item field a mapping reads (`$item.url` -> `url`), or undefined for a literal. */
export function itemField(mapping: unknown): string | undefined {
  return typeof mapping === 'string' ? ITEM_FIELD.exec(mapping)?.[1] : undefined;
}

/** Class property -> value for one item: `$item.<field>` reads the item (absent fields are left out), anything else is a literal. */
export function mapItemProperties(mapping: Readonly<Record<string, unknown>>, item: TargetItem): Record<string, TargetScalar> {
  const properties: Record<string, TargetScalar> = {};
  for (const [property, source] of Object.entries(mapping)) {
    const field = itemField(source);
    const value = field === undefined ? source : item[field];
    if (isScalar(value)) properties[property] = value;
  }
  return properties;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is TargetScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isFieldMap(value: unknown): value is Record<string, TargetScalar> {
  return isRecord(value) && Object.values(value).every(isScalar);
}
