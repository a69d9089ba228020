// What a failed SDK call throws: the server's error code and sentence (see the server's error
// catalogue), its HTTP status, and for 429 how long to wait. UNREACHABLE means no answer came.
export class VigilApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, status: number, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VigilApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** Seconds the server asked us to wait (429), if it said. */
  get retryAfterSeconds(): number | undefined {
    const value = this.details.retryAfterSeconds;
    return typeof value === 'number' ? value : undefined;
  }
}

export function isVigilApiError(error: unknown, code?: string): error is VigilApiError {
  return error instanceof VigilApiError && (code === undefined || error.code === code);
}
