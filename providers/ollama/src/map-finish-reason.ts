import type { FinishReason } from '@switchyard/core';

/*
 * Ollama's done_reason → OpenAI's finish_reason. Ollama says "stop" also when the model ended its turn with tool
 * calls, so the calls decide between 'stop' and 'tool_calls'. "load" and "unload" answer a request with no messages
 * (the gateway never sends one); an absent reason is what Ollama writes when its runner's connection closed
 * mid-answer. Neither is a finish OpenAI has, so both are null.
 * @see https://github.com/ollama/ollama/blob/main/llm/server.go (DoneReason)
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#load-a-model-1
 */
export function mapOllamaFinishReason(doneReason: string | undefined, hasToolCalls: boolean): FinishReason | null {
  switch (doneReason) {
    case 'stop':
      return hasToolCalls ? 'tool_calls' : 'stop';
    case 'length':
      return 'length';
    default:
      return null;
  }
}
