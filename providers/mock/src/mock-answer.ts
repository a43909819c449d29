import type { ChatMessage, ChatRequest, ToolCall, Usage } from '@switchyard/core';
import type { MockSettings } from './mock-settings.js';

export interface MockAnswer {
  content: string | null;
  toolCalls: ToolCall[] | undefined;
  usage: Usage;
  finishReason: 'stop' | 'tool_calls';
}

/**
 * What the mock says: a tool call when the request forces one (tool_choice `required` or a named function) or names a
 * tool in its last user message; else the fixed text, or an echo of the last user message.
 */
export function mockAnswer(request: ChatRequest, settings: MockSettings): MockAnswer {
  const last = lastUserText(request.messages);
  const toolName = chosenTool(request, last);
  const promptTokens = settings.mock_prompt_tokens ?? estimateTokens(request.messages.map(messageText).join(' '));
  if (toolName !== undefined) {
    const toolCalls: ToolCall[] = [{ id: `call_mock_${toolName}`, type: 'function', function: { name: toolName, arguments: '{}' } }];
    const completionTokens = settings.mock_completion_tokens ?? estimateTokens(toolName) + 2;
    return { content: null, toolCalls, finishReason: 'tool_calls', usage: usage(promptTokens, completionTokens) };
  }
  const content = settings.mock_response ?? (last === '' ? 'This is a mock response.' : `You said: ${last}`);
  return { content, toolCalls: undefined, finishReason: 'stop', usage: usage(promptTokens, settings.mock_completion_tokens ?? estimateTokens(content)) };
}

function chosenTool(request: ChatRequest, lastText: string): string | undefined {
  const tools = request.tools ?? [];
  if (tools.length === 0 || request.tool_choice === 'none') return undefined;
  const choice = request.tool_choice;
  if (typeof choice === 'object') return choice.function.name;
  if (choice === 'required') return tools[0].function.name;
  return tools.find((tool) => lastText.includes(tool.function.name))?.function.name;
}

function lastUserText(messages: readonly ChatMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index--) if (messages[index].role === 'user') return messageText(messages[index]);
  return '';
}

function messageText(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => ('text' in part ? part.text : '')).join(' ');
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function usage(prompt: number, completion: number): Usage {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
