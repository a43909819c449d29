import type { MistralContentChunk } from './wire-types.js';

/*
 * Mistral's answer content is a string, or (reasoning models, and any model once it sends chunks) an array of chunks:
 * `text` chunks are the answer, `thinking` chunks hold the reasoning as their own list of text chunks. Text goes to
 * `content`, thinking to `reasoning_content`, in order and joined without separators, since stream deltas are cut at
 * arbitrary points and must add up to the same text as the whole answer. A thinking chunk that carries a signature is
 * also kept whole as a `thinking_blocks` entry, so a later request can send it back. Other chunk kinds (references a
 * built-in connector cites) have no place in an OpenAI message and are not carried.
 * @see https://docs.mistral.ai/capabilities/reasoning/
 */

export interface MistralContentParts {
  /** The answer text; undefined when there was none. */
  readonly text: string | undefined;
  readonly reasoning: string | undefined;
  readonly thinkingBlocks: ReadonlyArray<{ type: 'thinking'; thinking: string; signature: string }>;
}

export function splitMistralContent(content: string | MistralContentChunk[] | null | undefined): MistralContentParts {
  if (content === null || content === undefined) return { text: undefined, reasoning: undefined, thinkingBlocks: [] };
  if (typeof content === 'string') return { text: content === '' ? undefined : content, reasoning: undefined, thinkingBlocks: [] };
  let text = '';
  let reasoning = '';
  const thinkingBlocks: Array<{ type: 'thinking'; thinking: string; signature: string }> = [];
  for (const chunk of content) {
    if (chunk.type === 'text') text += chunk.text;
    if (chunk.type === 'thinking') {
      let thought = '';
      for (const inner of chunk.thinking) if (inner.type === 'text') thought += (inner as { text: string }).text;
      reasoning += thought;
      if (typeof chunk.signature === 'string') thinkingBlocks.push({ type: 'thinking', thinking: thought, signature: chunk.signature });
    }
  }
  return { text: text === '' ? undefined : text, reasoning: reasoning === '' ? undefined : reasoning, thinkingBlocks };
}
