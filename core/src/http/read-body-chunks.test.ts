import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBodyChunks } from './read-body-chunks.js';

describe('readBodyChunks', () => {
  it('yields every chunk in order, then ends', async () => {
    const body = new PassThrough();
    const chunks = readBodyChunks(body);
    body.write('a');
    body.write('b');
    body.end('c');
    const seen: string[] = [];
    for await (const chunk of chunks) seen.push(chunk.toString());
    expect(seen.join('')).toBe('abc');
  });

  it('pauses the body while a chunk waits unread', async () => {
    const body = new PassThrough();
    const chunks = readBodyChunks(body);
    body.write('first');
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.isPaused()).toBe(true);
    expect((await chunks.next()).value?.toString()).toBe('first');
  });

  it('rejects a waiting reader when the body fails', async () => {
    const body = new PassThrough();
    const chunks = readBodyChunks(body);
    const waiting = chunks.next();
    body.destroy(new Error('socket hang up'));
    await expect(waiting).rejects.toThrow('socket hang up');
  });

  it('rejects a waiting reader when the body is destroyed without an error', async () => {
    const body = new PassThrough();
    const chunks = readBodyChunks(body);
    const waiting = chunks.next();
    body.destroy();
    await expect(waiting).rejects.toThrow('the upstream body closed before its end');
  });

  it('destroys the body when the reader leaves early', async () => {
    const body = new PassThrough();
    const chunks = readBodyChunks(body);
    body.write('x');
    await chunks.next();
    await chunks.return!();
    expect(body.destroyed).toBe(true);
  });
});
