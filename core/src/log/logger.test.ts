import { describe, expect, it } from 'vitest';
import { SecretScrubber } from '../secrets/secret-scrubber.js';
import { createLogger } from './logger.js';

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  return { lines, logger: createLogger({ ...options, write: (line) => lines.push(line) }) };
}

describe('createLogger', () => {
  it('writes level, message and fields as one text line', () => {
    const { lines, logger } = capture();
    logger.info('listening', { port: 4000 });
    expect(lines).toEqual(['info  listening {"port":4000}']);
  });

  it('leaves out lines below its level', () => {
    const { lines, logger } = capture({ level: 'warn' });
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(lines).toEqual(['warn  c', 'error d']);
  });

  it('writes nothing at level silent', () => {
    const { lines, logger } = capture({ level: 'silent' });
    logger.error('boom');
    expect(lines).toEqual([]);
  });

  it('writes JSON lines in json format', () => {
    const { lines, logger } = capture({ format: 'json' });
    logger.warn('slow', { ms: 12 });
    const parsed = JSON.parse(lines[0]) as Record<string, unknown>;
    expect({ ...parsed, time: typeof parsed.time }).toEqual({ time: 'string', level: 'warn', message: 'slow', ms: 12 });
  });

  it('writes an Error field with its name, message, stack and cause', () => {
    const { lines, logger } = capture({ format: 'json' });
    logger.error('failed', { error: new Error('outer', { cause: new Error('inner') }) });
    const { error } = JSON.parse(lines[0]) as { error: { name: string; message: string; stack: string; cause: { message: string } } };
    expect([error.name, error.message, error.stack.startsWith('Error: outer'), error.cause.message]).toEqual(['Error', 'outer', true, 'inner']);
  });

  it('scrubs every line, fields included', () => {
    const scrubber = new SecretScrubber();
    scrubber.add('hunter2-hunter2-hunter2');
    const { lines, logger } = capture({ scrubber });
    logger.error('auth failed with hunter2-hunter2-hunter2', { error: new Error('key sk-test-0123456789abcdefXYZW rejected') });
    expect(lines[0]).not.toContain('hunter2-hunter2-hunter2');
    expect(lines[0]).not.toContain('sk-test-0123456789abcdefXYZW');
    expect(lines[0].startsWith('error auth failed with …ter2 ')).toBe(true);
  });
});
