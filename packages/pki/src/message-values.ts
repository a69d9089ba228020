// How pki writes values into its error and log messages.

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
