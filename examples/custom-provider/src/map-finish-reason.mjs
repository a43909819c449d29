// @ts-check
// The echo API reference this follows is the comment at the top of echo-upstream.mjs.

/**
 * The echo upstream's `stop` as an OpenAI finish_reason.
 * @param {unknown} stop
 * @returns {import('@switchyard/core').FinishReason | null}
 */
export function mapEchoFinishReason(stop) {
  switch (stop) {
    case 'end':
      return 'stop';
    case 'limit':
      return 'length';
    default:
      // A reason this provider does not know yet is reported as unknown (null), never guessed.
      return null;
  }
}
