// @ts-check
// The echo API reference this follows is the comment at the top of echo-upstream.mjs.
import { mapEchoFinishReason } from './map-finish-reason.mjs';
import { mapEchoUsage } from './map-usage.mjs';

/**
 * Turns the echo upstream's JSON answer into an OpenAI chat completion.
 * @param {any} body the parsed answer
 * @returns {import('@switchyard/core').ChatResponse}
 */
export function mapEchoResponse(body) {
  const usage = mapEchoUsage(body.tokens);
  return {
    id: body.echo_id,
    object: 'chat.completion',
    created: mapEchoCreatedAt(body.created_at),
    model: body.model,
    choices: [
      {
        index: 0,
        // The echo upstream never refuses and has no log probabilities: null is the true answer, not a filler.
        message: { role: 'assistant', content: body.text, refusal: null },
        finish_reason: mapEchoFinishReason(body.stop),
        logprobs: null,
      },
    ],
    ...(usage === undefined ? {} : { usage }),
  };
}

/**
 * ISO 8601 time → OpenAI's `created` (unix seconds).
 * @param {string} createdAt
 */
export function mapEchoCreatedAt(createdAt) {
  return Math.floor(Date.parse(createdAt) / 1000);
}
