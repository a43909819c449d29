import { describe, expect, it } from 'vitest';
import { rejectionOf } from './rejection-of.js';

describe('rejectionOf', () => {
  it('returns what the promise rejected with', async () => {
    const error = new TypeError('no');
    expect(await rejectionOf(Promise.reject(error))).toBe(error);
  });

  it('fails when the promise resolves', async () => {
    await expect(rejectionOf(Promise.resolve('fine'))).rejects.toThrow('expected the call to fail');
  });
});
