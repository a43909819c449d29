import { describe, expect, it } from 'vitest';
import { embeddingToBase64 } from './embedding-base64.js';

describe('embeddingToBase64', () => {
  it('packs floats as little-endian float32 and base64-encodes them, as OpenAI does', () => {
    expect(embeddingToBase64([1, -2])).toBe('AACAPwAAAMA=');
    const decoded = new Float32Array(Uint8Array.from(Buffer.from(embeddingToBase64([0.5, 0.25, -0.125]), 'base64')).buffer);
    expect([...decoded]).toEqual([0.5, 0.25, -0.125]);
    expect(embeddingToBase64([])).toBe('');
  });
});
