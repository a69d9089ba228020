import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.ts';

export type ErrorDetails = Readonly<Record<string, string | number | boolean | undefined>>;

/** An expected failure with a stable code (see ERROR_CATALOGUE). */
export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(formatMessage(ERROR_CATALOGUE[code].message, details), options);
    this.name = 'VigilError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

function formatMessage(template: string, details: ErrorDetails): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = details[key];
    return value === undefined ? `{${key}}` : String(value);
  });
}

/**
 * The one place unknown throws become VigilErrors: a VigilError passes through, anything else
 * becomes INTERNAL with the original kept as `cause`.
 */
export function toVigilError(error: unknown): VigilError {
  if (error instanceof VigilError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new VigilError('INTERNAL', { reason }, { cause: error });
}

export function isVigilError(error: unknown, code?: ErrorCode): error is VigilError {
  return error instanceof VigilError && (code === undefined || error.code === code);
}
