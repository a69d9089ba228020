// Structured logging conventions: every role creates one root logger with `role` and `group`
// bindings; modules take a child with `component`. Fields use units in their names (`durationMs`),
// errors go under `err`, and nothing logs secrets (join tokens, passwords, private keys are redacted).
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  readonly role: string;
  readonly level: LogLevel;
  readonly bindings?: Readonly<Record<string, string>>;
  /** Where lines go; defaults to stdout. Tests pass a stream to assert on log lines. */
  readonly destination?: DestinationStream;
}

const REDACT = ['password', 'joinToken', 'token', 'privateKeyPem', '*.password', '*.joinToken', '*.token', '*.privateKeyPem'];

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { role: options.role, ...options.bindings },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that discards everything, for library code run without a host. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** An asynchronous append-only log file destination (folders are created). */
export function fileDestination(path: string): DestinationStream {
  return pino.destination({ dest: path, sync: false, mkdir: true });
}
