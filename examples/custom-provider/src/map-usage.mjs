// @ts-check
// The echo API reference this follows is the comment at the top of echo-upstream.mjs.

/**
 * The echo upstream's token counts as OpenAI usage; undefined when the upstream sent none, never zeros.
 * @param {{ input?: number, output?: number } | undefined} tokens
 * @returns {import('@switchyard/core').Usage | undefined}
 */
export function mapEchoUsage(tokens) {
  if (typeof tokens?.input !== 'number' || typeof tokens.output !== 'number') return undefined;
  return { prompt_tokens: tokens.input, completion_tokens: tokens.output, total_tokens: tokens.input + tokens.output };
}
