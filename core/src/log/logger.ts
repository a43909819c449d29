import type { SecretScrubber } from '../secrets/secret-scrubber.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const levelOrder: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Where the gateway writes what it does. Plugins get the same logger through their runtime. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  format?: 'text' | 'json';
  /** Every line passes through it, so no configured credential is ever written. */
  scrubber?: SecretScrubber;
  write?: (line: string) => void;
}

/** A line-per-event logger to stderr (or `write`), scrubbed of secrets. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = levelOrder[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const json = options.format === 'json';
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (levelOrder[level] < threshold) return;
    let line: string;
    if (json) {
      line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }, errorReplacer);
    } else {
      const extra = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields, errorReplacer) : '';
      line = `${level.padEnd(5)} ${message}${extra}`;
    }
    write(options.scrubber ? options.scrubber.scrub(line) : line);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const cause = (value as Error & { cause?: unknown }).cause;
    return { name: value.name, message: value.message, stack: value.stack, ...(cause === undefined ? {} : { cause }) };
  }
  return value;
}
