// How the CLI ends on failure: one line on stderr that says what to do, and an exit code a
// script can branch on.
import { isVigilError, toVigilError } from '@vigil/core';
import { isVigilApiError } from '@vigil/sdk';

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  forbidden: 4,
  unauthenticated: 5,
  conflict: 6,
  unavailable: 7,
  config: 78,
} as const;

export function exitCodeFor(error: unknown): number {
  if (!isVigilError(error) && !isVigilApiError(error)) return EXIT.failure;
  switch (error.code) {
    case 'LOGIN_FAILED':
      return EXIT.unauthenticated;
    case 'CSRF_TOKEN_INVALID':
      return EXIT.forbidden;
    case 'VALIDATION_FAILED':
      return EXIT.usage;
    case 'UNREACHABLE':
    case 'RATE_LIMITED':
      return EXIT.unavailable;
    case 'CONFIG_INVALID':
    case 'CONFIG_FILE_UNREADABLE':
    case 'DB_URL_UNSUPPORTED':
    case 'DATA_DIR_INVALID':
    case 'GROUP_MISMATCH':
      return EXIT.config;
    case 'NOT_FOUND':
      return EXIT.notFound;
    case 'FORBIDDEN':
      return EXIT.forbidden;
    case 'UNAUTHENTICATED':
      return EXIT.unauthenticated;
    case 'CONFLICT':
    case 'ALERT_SOURCE_UNHEALTHY':
    case 'ALERT_CLOSED':
    case 'PACK_IMPORT_REFUSED':
      return EXIT.conflict;
    case 'PACK_INVALID':
    case 'ALERT_RESOLUTION_STATE_INVALID':
      return EXIT.usage;
    case 'DB_UNREACHABLE':
    case 'PORT_IN_USE':
      return EXIT.unavailable;
    default:
      return EXIT.failure;
  }
}

/** Prints the failure and returns the exit code. Unexpected errors also print their stack when VIGIL_DEBUG is set. */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (isVigilApiError(error)) {
    stderr.write(`vigil: ${error.message} [${error.code}]\n`);
    return exitCodeFor(error);
  }
  const vigilError = toVigilError(error);
  if (isVigilError(error)) {
    stderr.write(`vigil: ${vigilError.message} [${vigilError.code}]\n`);
  } else {
    const reason = error instanceof Error ? error.message : String(error);
    stderr.write(`vigil: unexpected error: ${reason}\n`);
    if (error instanceof Error && process.env.VIGIL_DEBUG) stderr.write(`${error.stack}\n`);
  }
  return exitCodeFor(error);
}
