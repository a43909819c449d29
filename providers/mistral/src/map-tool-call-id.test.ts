import { describe, expect, it } from 'vitest';
import { hashMistralToolCallId, isMistralToolCallId, mapMistralToolCallIds } from './map-tool-call-id.js';

describe('isMistralToolCallId', () => {
  it('accepts exactly nine letters and digits', () => {
    expect(['KikbB849t', 'D681PevKs', '123456789'].map(isMistralToolCallId)).toStrictEqual([true, true, true]);
    expect(['call_0fypS1hVX', 'KikbB849', 'KikbB849tt', 'Kikb-849t', ''].map(isMistralToolCallId)).toStrictEqual([false, false, false, false, false]);
  });
});

describe('hashMistralToolCallId', () => {
  it('gives the first eight SHA-256 bytes as nine base-62 digits (values checked with Python hashlib)', () => {
    expect(hashMistralToolCallId('call_1')).toBe('9npEoJA4L');
    expect(hashMistralToolCallId('call_ZR5UUuTt3pf61kjwAJIYdVMj')).toBe('s7YT4zpXG');
    expect(hashMistralToolCallId('call_1#1')).toBe('wBAGKocsw');
  });

  it('always gives a valid Mistral id', () => {
    for (let n = 0; n < 500; n++) expect(isMistralToolCallId(hashMistralToolCallId(`toolu_${n}`))).toBe(true);
  });
});

describe('mapMistralToolCallIds', () => {
  it('keeps valid ids, hashes the others, and maps a repeated id the same way', () => {
    expect([...mapMistralToolCallIds(['KikbB849t', 'call_1', 'call_1', 'KikbB849t'])]).toStrictEqual([
      ['KikbB849t', 'KikbB849t'],
      ['call_1', '9npEoJA4L'],
    ]);
  });

  it('hashes again with a counter when a hash would take an id already in the request', () => {
    // '9npEoJA4L' is both a valid id sent as it is and the hash of 'call_1': the valid one keeps it, wherever it appears.
    expect([...mapMistralToolCallIds(['call_1', '9npEoJA4L'])]).toStrictEqual([
      ['9npEoJA4L', '9npEoJA4L'],
      ['call_1', 'wBAGKocsw'],
    ]);
  });
});
