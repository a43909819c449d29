import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret, maskSecret } from './secret.js';

const key = 'sk-test-0123456789abcdefWXYZ';

describe('Secret', () => {
  it('reveals its value only through reveal()', () => {
    expect(new Secret(key).reveal()).toBe(key);
  });

  it('shows only a prefix and the last four characters through String()', () => {
    expect(String(new Secret(key))).toBe('sk-…WXYZ');
    expect(`${new Secret(key)}`).toBe('sk-…WXYZ');
  });

  it('shows only the mask through JSON.stringify', () => {
    expect(JSON.stringify({ api_key: new Secret(key) })).toBe('{"api_key":"sk-…WXYZ"}');
  });

  it('shows only the mask through util.inspect, also nested', () => {
    expect(inspect(new Secret(key))).toBe('Secret(sk-…WXYZ)');
    expect(inspect({ deployment: { api_key: new Secret(key) } }, { depth: 5 })).toBe("{ deployment: { api_key: Secret(sk-…WXYZ) } }");
  });

  it('keeps the value off its own enumerable properties', () => {
    const secret = new Secret(key);
    expect([Object.keys(secret), Object.getOwnPropertyNames(secret), Object.getOwnPropertySymbols(secret)]).toEqual([[], [], []]);
  });
});

describe('maskSecret', () => {
  it('keeps a short vendor prefix and the last four characters', () => {
    expect([maskSecret('sk-proj-abcdefghijkl'), maskSecret('gsk-0123456789abcd'), maskSecret('AIzaSyA-0123456789abcd')]).toEqual(['sk-…ijkl', 'gsk-…abcd', '…abcd']);
  });

  it('shows nothing of a value shorter than 12 characters', () => {
    expect(maskSecret('short-key')).toBe('…');
  });
});
