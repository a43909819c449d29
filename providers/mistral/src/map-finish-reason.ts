import type { FinishReason } from '@switchyard/core';

/*
 * Mistral's finish reasons: stop, length, model_length (the context window ran out, not max_tokens), tool_calls, and
 * error (generation failed part way; map-response and map-stream raise it as an upstream error instead).
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post (ChatCompletionChoice)
 */

export interface MappedFinishReason {
  readonly finishReason: FinishReason | null;
  /** Mistral's own value, when it says more than the OpenAI one. */
  readonly providerFinishReason?: string;
}

export function mapMistralFinishReason(reason: string | null | undefined): MappedFinishReason {
  switch (reason) {
    case 'stop':
      return { finishReason: 'stop' };
    case 'length':
      return { finishReason: 'length' };
    case 'model_length':
      return { finishReason: 'length', providerFinishReason: 'model_length' };
    case 'tool_calls':
      return { finishReason: 'tool_calls' };
    case null:
    case undefined:
      return { finishReason: null };
    default:
      return { finishReason: null, providerFinishReason: reason };
  }
}
