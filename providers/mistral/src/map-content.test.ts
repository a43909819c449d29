import { describe, expect, it } from 'vitest';
import { splitMistralContent } from './map-content.js';

describe('splitMistralContent', () => {
  it('treats a string as text and an empty string or null as no text', () => {
    expect(splitMistralContent('hi')).toStrictEqual({ text: 'hi', reasoning: undefined, thinkingBlocks: [] });
    expect(splitMistralContent('')).toStrictEqual({ text: undefined, reasoning: undefined, thinkingBlocks: [] });
    expect(splitMistralContent(null)).toStrictEqual({ text: undefined, reasoning: undefined, thinkingBlocks: [] });
  });

  it('joins text chunks and the text inside thinking chunks, without separators, leaving references out', () => {
    expect(
      splitMistralContent([
        { type: 'thinking', thinking: [{ type: 'text', text: 'a' }, { type: 'reference' }, { type: 'text', text: 'b' }] },
        { type: 'text', text: 'x' },
        { type: 'thinking', thinking: [] },
        { type: 'text', text: 'y' },
      ]),
    ).toStrictEqual({ text: 'xy', reasoning: 'ab', thinkingBlocks: [] });
  });

  it('keeps a signed thinking chunk as a thinking block', () => {
    expect(splitMistralContent([{ type: 'thinking', thinking: [{ type: 'text', text: 'a' }], signature: 'sig' }])).toStrictEqual({
      text: undefined,
      reasoning: 'a',
      thinkingBlocks: [{ type: 'thinking', thinking: 'a', signature: 'sig' }],
    });
  });
});
