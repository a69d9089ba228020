// Roles started from the CLI log JSON lines to a file in their data folder, so the terminal
// shows only the banner and problems; `--log-stdout` sends the log to the terminal instead.
import { join } from 'node:path';
import { createLogger, fileDestination, type LogLevel, type Logger } from '@vigil/core';

export function roleLogger(options: { role: string; level: LogLevel; dataDir: string; toStdout: boolean }): { logger: Logger; path: string | undefined } {
  if (options.toStdout) return { logger: createLogger({ role: options.role, level: options.level }), path: undefined };
  const path = join(options.dataDir, 'logs', `${options.role}.log`);
  return { logger: createLogger({ role: options.role, level: options.level, destination: fileDestination(path) }), path };
}
