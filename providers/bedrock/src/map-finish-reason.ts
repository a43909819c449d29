import type { FinishReason } from '@switchyard/core';

/*
 * Converse stop reasons → OpenAI finish reasons. A reason with no OpenAI counterpart (a malformed model output or
 * tool use) is null, not 'stop', so a client does not take a broken answer for a finished one.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
export function mapBedrockFinishReason(stopReason: string | undefined): FinishReason | null {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return null;
  }
}

/** The raw reason, when the finish reason alone loses something (which filter, a stop sequence, a malformed output). */
export function bedrockProviderFinishReason(stopReason: string | undefined): { provider_finish_reason: string } | undefined {
  if (stopReason === undefined || stopReason === 'end_turn' || stopReason === 'max_tokens' || stopReason === 'tool_use') return undefined;
  return { provider_finish_reason: stopReason };
}
