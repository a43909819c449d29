import { describe, expect, it } from 'vitest';
import { attachRawJson, dropRawJson, rawJsonOf, toJsonText } from './raw-json.js';
import { sseData, sseDone } from './write-sse.js';

describe('raw JSON text', () => {
  it('writes the remembered text of an unchanged value', () => {
    const text = '{"a":  1}';
    expect(toJsonText(attachRawJson(JSON.parse(text) as object, text))).toBe('{"a":  1}');
  });

  it('serialises a value whose text was dropped', () => {
    const value = attachRawJson({ a: 1 }, '{"a":  1}');
    dropRawJson(value);
    expect([rawJsonOf(value), toJsonText(value)]).toEqual([undefined, '{"a":1}']);
  });

  it('keeps the remembered text out of JSON.stringify and Object.keys', () => {
    const value = attachRawJson({ a: 1 }, 'x');
    expect([JSON.stringify(value), Object.keys(value)]).toEqual(['{"a":1}', ['a']]);
  });
});

describe('SSE writing', () => {
  it("frames data as OpenAI does", () => {
    expect([sseData('{"a":1}'), sseDone]).toEqual(['data: {"a":1}\n\n', 'data: [DONE]\n\n']);
  });
});
