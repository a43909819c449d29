import { catalogEntryFor, type ChatRequest, type Deployment } from '@switchyard/core';
import type { Tiktoken } from 'js-tiktoken/lite';

/** Tokens OpenAI's counting guide adds per message (role and separators) and once for the reply's priming. */
const tokensPerMessage = 3;
const replyPriming = 3;

export interface PromptTokenCounter {
  /** The prompt's tokens, or undefined when the request is not a chat request. */
  count(request: ChatRequest): number;
}

/**
 * Counts a chat prompt's tokens with o200k_base, OpenAI's current encoding. For other providers' models it is an
 * estimate (their tokenizers are not public, or not in JavaScript); LiteLLM makes the same approximation.
 * @see https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb
 */
export async function createPromptTokenCounter(): Promise<PromptTokenCounter> {
  // Loaded only when pre-call checks are on: the ranks are a few megabytes.
  const [{ Tiktoken }, { default: ranks }] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')]);
  const encoder: Tiktoken = new Tiktoken(ranks);
  return {
    count(request) {
      let tokens = replyPriming;
      for (const text of promptTexts(request)) tokens += encoder.encode(text).length;
      return tokens + tokensPerMessage * request.messages.length;
    },
  };
}

/** Every piece of text in the prompt the model reads: message text, tool-call arguments, tool definitions. */
export function promptTexts(request: ChatRequest): string[] {
  const texts: string[] = [];
  for (const message of request.messages) {
    texts.push(message.role);
    const content = (message as { content?: unknown }).content;
    if (typeof content === 'string') texts.push(content);
    else if (Array.isArray(content)) for (const part of content) if (part?.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    const toolCalls = (message as { tool_calls?: Array<{ function?: { name?: string; arguments?: string } }> }).tool_calls;
    if (toolCalls) for (const call of toolCalls) texts.push(call.function?.name ?? '', call.function?.arguments ?? '');
  }
  if (request.tools?.length) texts.push(JSON.stringify(request.tools));
  return texts;
}

/** The most prompt tokens a deployment takes: `model_info.max_input_tokens`, else the model catalog's. */
export function contextWindowOf(deployment: Deployment): number | undefined {
  return catalogEntryFor(deployment)?.max_input_tokens;
}

/**
 * The deployments whose context window fits the prompt. Returns the input unchanged when every one fits, when none
 * does (the upstream's own context-window error then reaches the fallback plugin, which sends the request to
 * `context_window_fallbacks`), or when no deployment has a known window.
 */
export function fittingDeployments(deployments: Deployment[], request: ChatRequest, counter: PromptTokenCounter): Deployment[] {
  let smallest = Number.POSITIVE_INFINITY;
  const windows = deployments.map((deployment) => {
    const window = contextWindowOf(deployment);
    if (window !== undefined && window < smallest) smallest = window;
    return window;
  });
  if (smallest === Number.POSITIVE_INFINITY) return deployments;
  // A token is at least one UTF-8 byte, so a prompt with no more bytes than the smallest window fits everywhere:
  // the common case costs no tokenizing at all.
  if (utf8Bytes(request) + tokensPerMessage * request.messages.length + replyPriming <= smallest) return deployments;
  const tokens = counter.count(request);
  const fitting = deployments.filter((_, index) => windows[index] === undefined || tokens <= windows[index]!);
  return fitting.length === 0 ? deployments : fitting;
}

function utf8Bytes(request: ChatRequest): number {
  let bytes = 0;
  for (const text of promptTexts(request)) bytes += Buffer.byteLength(text, 'utf8');
  return bytes;
}
