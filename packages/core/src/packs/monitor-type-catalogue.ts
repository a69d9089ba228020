// The one thing pack validation needs from the health model's monitor type registry. Owned here,
// by the consumer, so packs never import the registry; the registry satisfies it structurally.

export interface MonitorTypeCatalogue {
  /** True when a unit monitor may use this type name. */
  has(type: string): boolean;
  /** Problems with a unit monitor's `config` for this type, as sentences; empty when valid. */
  validateConfig(type: string, config: unknown): string[];
  /**
   * The known type's accepted input kinds (health MonitorInput kinds such as `sample`), so a
   * monitor's source can be checked against them. Optional: without it that check is skipped.
   */
  get?(type: string): { readonly inputKinds: readonly string[] };
}
