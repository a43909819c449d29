import { GatewayError, type ChatRequest } from '@switchyard/core';

/*
 * reasoning_effort → extended thinking with a token budget. The budgets are LiteLLM's (low 1024, medium 2048, high
 * 4096), so a config moved from LiteLLM thinks as much as before. 'minimal' is 1024, not LiteLLM's 128: Anthropic
 * refuses budgets under 1024. 'none' turns thinking off (no `thinking` sent). 'xhigh' has no agreed budget and is
 * refused rather than guessed. The budget must stay below max_tokens; Anthropic's 400 says so when it does not.
 * A client that speaks Anthropic's own `thinking` object ({type: 'enabled', budget_tokens} and later kinds) has it
 * passed through unchanged.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 */

export const anthropicThinkingBudgets: Readonly<Record<string, number>> = Object.freeze({ minimal: 1024, low: 1024, medium: 2048, high: 4096 });

/** The `thinking` object to send, or undefined for none. */
export function mapAnthropicThinking(request: ChatRequest, provider: string): Record<string, unknown> | undefined {
  const effort = request.reasoning_effort;
  const thinking = request.thinking;
  const hasEffort = effort !== undefined && effort !== null;
  if (thinking !== undefined && thinking !== null) {
    if (hasEffort) {
      throw new GatewayError({ code: 'invalid_request', param: 'reasoning_effort', message: `${provider}: send either reasoning_effort or thinking, not both` });
    }
    if (typeof thinking !== 'object' || Array.isArray(thinking) || typeof (thinking as { type?: unknown }).type !== 'string') {
      throw new GatewayError({ code: 'invalid_request', param: 'thinking', message: `${provider}: thinking must be Anthropic's object, e.g. {"type": "enabled", "budget_tokens": 2048}` });
    }
    return thinking as Record<string, unknown>;
  }
  if (!hasEffort || effort === 'none') return undefined;
  const budget = anthropicThinkingBudgets[effort];
  if (budget === undefined) {
    throw new GatewayError({
      code: 'invalid_request',
      param: 'reasoning_effort',
      message: `${provider}: reasoning_effort '${effort}' has no thinking budget here (known: none, ${Object.keys(anthropicThinkingBudgets).join(', ')}); send thinking: {"type": "enabled", "budget_tokens": N} to choose one`,
    });
  }
  return { type: 'enabled', budget_tokens: budget };
}
