import type { Usage } from '@switchyard/core';
import type { OllamaChatResponse } from './wire-types.js';

/*
 * Ollama reports prompt_eval_count (input tokens evaluated) and eval_count (output tokens, thinking included) on the
 * final answer. Ollama's server writes both with Go's `omitempty`, so on a final answer that carries one count an
 * absent other count is a zero, not an unknown. An answer with neither (a load, an error) has no usage at all.
 * @see https://docs.ollama.com/api/usage
 * @see https://github.com/ollama/ollama/blob/main/api/types.go (Metrics)
 */
export function mapOllamaUsage(answer: Pick<OllamaChatResponse, 'prompt_eval_count' | 'eval_count'>): Usage | undefined {
  const prompt = count(answer.prompt_eval_count);
  const completion = count(answer.eval_count);
  if (prompt === undefined && completion === undefined) return undefined;
  const promptTokens = prompt ?? 0;
  const completionTokens = completion ?? 0;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
