import { GatewayError, UnsupportedParameterError, type ChatRequest, type ToolCall } from '@switchyard/core';
import { withCacheControl } from './map-content.js';
import type { AnthropicTool, AnthropicToolChoice, AnthropicToolUseBlock } from './wire-types.js';

/*
 * OpenAI function tools ↔ Anthropic tools. Schemas pass through as given: Anthropic's input_schema is JSON Schema too.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */

export function mapAnthropicTools(tools: NonNullable<ChatRequest['tools']>, provider: string): AnthropicTool[] {
  return tools.map((tool, index) => {
    if (tool.type !== 'function') throw new UnsupportedParameterError(`tools[${index}].type`, provider);
    const { name, description, parameters, strict } = tool.function;
    // Anthropic requires a schema; a function without parameters takes none, which is an empty object.
    const mapped: AnthropicTool = { name, ...(description === undefined ? {} : { description }), input_schema: parameters ?? { type: 'object', properties: {} } };
    if (typeof strict === 'boolean') mapped.strict = strict;
    return withCacheControl(mapped, tool);
  });
}

/**
 * tool_choice and parallel_tool_calls become one Anthropic tool_choice: 'required' is `any`, a named function is
 * `tool`, and parallel_tool_calls: false is `disable_parallel_tool_use` on whichever choice applies (auto when the
 * client named none). Undefined when the client said nothing Anthropic's default does not already do.
 */
export function mapAnthropicToolChoice(request: ChatRequest, provider: string): AnthropicToolChoice | undefined {
  const choice = request.tool_choice;
  const serial = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined || choice === null) return request.parallel_tool_calls === false ? { type: 'auto', ...serial } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...serial };
  if (choice === 'required') return { type: 'any', ...serial };
  if (typeof choice === 'object' && choice.type === 'function' && typeof choice.function?.name === 'string') {
    return { type: 'tool', name: choice.function.name, ...serial };
  }
  throw new UnsupportedParameterError('tool_choice', provider);
}

/** An assistant's tool call as a tool_use block; its arguments must be a JSON object (an empty string means none). */
export function mapToolCall(call: ToolCall, path: string, provider: string): AnthropicToolUseBlock {
  if (call.type !== 'function') throw new UnsupportedParameterError(`${path}.type`, provider);
  const text = call.function.arguments;
  let input: unknown;
  try {
    input = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    input = undefined;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new GatewayError({
      code: 'invalid_request',
      param: `${path}.function.arguments`,
      message: `${provider}: tool call arguments must be a JSON object, as Anthropic takes a tool's input as an object`,
    });
  }
  return withCacheControl({ type: 'tool_use', id: call.id, name: call.function.name, input: input as Record<string, unknown> }, call);
}
