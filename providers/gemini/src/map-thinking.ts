import { GatewayError, type ChatRequest } from '@switchyard/core';
import type { GeminiThinkingConfig } from './wire-types.js';

/*
 * `reasoning_effort` (OpenAI) or `thinking` (Anthropic's shape, which LiteLLM also takes for Gemini) →
 * generationConfig.thinkingConfig. Gemini 3 and later take a `thinkingLevel`; Gemini 2.5 takes a `thinkingBudget` in
 * tokens. Thought summaries are asked for (`includeThoughts`) whenever thinking is configured, so they reach the client
 * as reasoning_content.
 * @see https://ai.google.dev/gemini-api/docs/thinking
 * @see https://ai.google.dev/gemini-api/docs/gemini-3#thinking_level
 */

/**
 * Budgets for Gemini 2.5 and other models without levels. Each lies inside every 2.5 model's range (Pro 128–32768,
 * Flash 0–24576, Flash-Lite 512–24576), so an effort never fails for being out of one model's range.
 */
export const geminiThinkingBudgets: Readonly<Record<'minimal' | 'low' | 'medium' | 'high', number>> = Object.freeze({
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
});

const efforts = ['minimal', 'low', 'medium', 'high'] as const;
type Effort = (typeof efforts)[number];

/** Whether the model takes `thinkingLevel` (Gemini 3 and later) rather than `thinkingBudget`. */
export function geminiUsesThinkingLevel(model: string): boolean {
  const generation = /(?:^|\/)gemini-(\d+)/.exec(model)?.[1];
  return generation !== undefined && Number(generation) >= 3;
}

/** The thinkingConfig for the request, or undefined when it asks for nothing. */
export function mapGeminiThinking(request: ChatRequest, options: { readonly model: string }): GeminiThinkingConfig | undefined {
  const effort = request.reasoning_effort ?? undefined;
  const thinking = (request.thinking ?? undefined) as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (effort !== undefined && thinking !== undefined) {
    throw new GatewayError({ code: 'invalid_request', param: 'thinking', message: 'send reasoning_effort or thinking, not both' });
  }
  if (thinking !== undefined) return fromThinking(thinking);
  if (effort === undefined) return undefined;

  if (effort === 'none') {
    // Gemini 3 cannot switch thinking off; Gemini 2.5 Flash and Flash-Lite can (Pro answers with its own 400).
    if (geminiUsesThinkingLevel(options.model)) {
      throw new GatewayError({ code: 'invalid_request', param: 'reasoning_effort', message: `reasoning_effort 'none' is not available for ${options.model}: Gemini 3 models always think; use 'minimal' or 'low'` });
    }
    return { thinkingBudget: 0 };
  }
  if (!(efforts as readonly string[]).includes(effort)) {
    throw new GatewayError({ code: 'invalid_request', param: 'reasoning_effort', message: `reasoning_effort must be one of none, ${efforts.join(', ')} for Gemini, got '${effort}'` });
  }
  if (geminiUsesThinkingLevel(options.model)) return { includeThoughts: true, thinkingLevel: effort as Effort };
  return { includeThoughts: true, thinkingBudget: geminiThinkingBudgets[effort as Effort] };
}

function fromThinking(thinking: { type?: unknown; budget_tokens?: unknown }): GeminiThinkingConfig {
  if (thinking.type === 'disabled') return { thinkingBudget: 0 };
  if (thinking.type === 'enabled' && typeof thinking.budget_tokens === 'number' && Number.isInteger(thinking.budget_tokens)) {
    return { includeThoughts: true, thinkingBudget: thinking.budget_tokens };
  }
  throw new GatewayError({ code: 'invalid_request', param: 'thinking', message: "thinking must be {type: 'enabled', budget_tokens: <integer>} or {type: 'disabled'}" });
}
