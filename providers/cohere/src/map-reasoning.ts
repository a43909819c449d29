import type { ChatRequest } from '@switchyard/core';
import { invalidForCohere, unsupportedByCohere } from './request-errors.js';
import type { CohereThinking } from './wire-types.js';

/*
 * reasoning_effort → Cohere's `thinking` for its reasoning models (command-a-reasoning-*). Cohere thinks by default
 * on those models with no budget of its own ("unlimited thinking", which it recommends), can be switched off, or can
 * be given a `token_budget`. The budgets below are ours, scaled to the 32K output of command-a-reasoning, whose docs
 * recommend 31K "if you want the model to reason until the maximum limit" and at least 1K tokens left for the answer:
 *
 *   none → {type: 'disabled'}          minimal → 1024     low → 4096     medium → 16384
 *   high → 31000 (Cohere's own figure)  xhigh → {type: 'enabled'} with no budget (Cohere's unlimited default)
 *
 * A client may instead send Cohere's own `thinking` object, which passes through unchanged; sending both is refused.
 * @see https://docs.cohere.com/docs/reasoning
 * @see https://docs.cohere.com/reference/chat (thinking)
 */

export const cohereThinkingBudgets = { minimal: 1024, low: 4096, medium: 16384, high: 31000 } as const;

export function mapCohereThinking(request: ChatRequest): CohereThinking | undefined {
  const effort = request.reasoning_effort;
  const thinking = request.thinking;
  if (thinking !== undefined && thinking !== null) {
    if (effort !== undefined && effort !== null) throw invalidForCohere('reasoning_effort', 'send either reasoning_effort or thinking, not both');
    if (typeof thinking !== 'object' || Array.isArray(thinking)) throw invalidForCohere('thinking', "must be Cohere's thinking object, e.g. {\"type\": \"enabled\", \"token_budget\": 2048}");
    return thinking as CohereThinking;
  }
  if (effort === undefined || effort === null) return undefined;
  switch (effort) {
    case 'none':
      return { type: 'disabled' };
    case 'minimal':
    case 'low':
    case 'medium':
    case 'high':
      return { type: 'enabled', token_budget: cohereThinkingBudgets[effort] };
    case 'xhigh':
      return { type: 'enabled' };
    default:
      throw unsupportedByCohere('reasoning_effort', `'${effort}' has no Cohere thinking budget`);
  }
}
