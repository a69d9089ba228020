// `$target.Property` in the configuration of a pool-run workflow (a probe's config): the same
// rule validation checks and the management server applies when it compiles an object's probes.
//   - a text that is exactly `$target.Name` becomes the property's value with its type (a port
//     stays a number); a missing property leaves the field out;
//   - a text containing `$target.Name` among other text gets the value spliced in ('' if missing).

const REFERENCE = /\$target\.([A-Za-z0-9_]+)/g;
const WHOLE = /^\$target\.([A-Za-z0-9_]+)$/;

export interface TargetReference {
  /** Path of the text under the config, e.g. ['interfaces', 0]. */
  readonly path: readonly (string | number)[];
  readonly property: string;
}

/** Every `$target.Name` used anywhere in `value`, with where it is. */
export function targetReferences(value: unknown, path: readonly (string | number)[] = []): TargetReference[] {
  if (typeof value === 'string') return [...value.matchAll(REFERENCE)].map((match) => ({ path, property: match[1]! }));
  if (Array.isArray(value)) return value.flatMap((entry, index) => targetReferences(entry, [...path, index]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, entry]) => targetReferences(entry, [...path, key]));
  return [];
}

/** `value` with every `$target.Name` replaced from `properties` (see the file comment). Pure. */
export function substituteTarget(value: unknown, properties: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return properties[whole[1]!] ?? undefined;
    return value.replace(REFERENCE, (_, name: string) => (properties[name] === undefined || properties[name] === null ? '' : String(properties[name])));
  }
  if (Array.isArray(value)) return value.map((entry) => substituteTarget(entry, properties)).filter((entry) => entry !== undefined);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, entry]) => [key, substituteTarget(entry, properties)] as const);
    return Object.fromEntries(entries.filter(([, entry]) => entry !== undefined));
  }
  return value;
}
