import { GatewayError, UnsupportedParameterError, type ChatMessage, type ContentPart, type ToolCall } from '@switchyard/core';
import type { OllamaMessage, OllamaToolCall } from './wire-types.js';

/*
 * OpenAI messages → Ollama messages. Ollama's content is one string per message, images ride beside it as base64,
 * assistant tool calls carry their arguments as an object, and a tool result names its tool.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion (the message object)
 * @see https://docs.ollama.com/capabilities/tool-calling
 * @see https://docs.ollama.com/capabilities/vision
 */

const providerId = 'ollama';

// Only inline base64 images are sent: the gateway never fetches a URL named in a request (that would let any client
// make it reach internal addresses), and Ollama itself takes only image bytes.
const dataUrl = /^data:([^;,]*)((?:;[^;,=]+=[^;,]*)*);base64,/i;

export function mapOllamaMessages(messages: readonly ChatMessage[]): OllamaMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((message, index) => {
    const path = `messages[${index}]`;
    if (message.role !== 'function' && 'name' in message && message.name !== undefined) throw new UnsupportedParameterError(`${path}.name`, providerId);
    switch (message.role) {
      case 'system':
      case 'developer':
        // Ollama has no developer role; OpenAI defines it as the system role's successor.
        return { role: 'system', content: flattenText(message.content, path) };
      case 'user':
        return mapUserMessage(message.content, path);
      case 'assistant': {
        const mapped: OllamaMessage = { role: 'assistant', content: message.content == null ? '' : flattenText(message.content, path) };
        if (message.refusal != null) throw new UnsupportedParameterError(`${path}.refusal`, providerId);
        if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') mapped.thinking = message.reasoning_content;
        if (message.tool_calls !== undefined && message.tool_calls.length > 0) {
          mapped.tool_calls = message.tool_calls.map((call, callIndex) => {
            toolNames.set(call.id, call.function.name);
            return mapToolCallOut(call, `${path}.tool_calls[${callIndex}]`);
          });
        }
        return mapped;
      }
      case 'tool': {
        const toolName = toolNames.get(message.tool_call_id);
        if (toolName === undefined) {
          throw new GatewayError({
            code: 'invalid_request',
            param: `${path}.tool_call_id`,
            message: `${path}.tool_call_id '${message.tool_call_id}' matches no tool call of an earlier assistant message; Ollama needs the tool's name for each result.`,
          });
        }
        // tool_name is what Ollama's documented API reads; tool_call_id is read by Ollama 0.12+ and ignored before.
        return { role: 'tool', content: flattenText(message.content, path), tool_name: toolName, tool_call_id: message.tool_call_id };
      }
      default:
        throw new UnsupportedParameterError(`${path}.role`, providerId);
    }
  });
}

function mapUserMessage(content: string | ContentPart[], path: string): OllamaMessage {
  if (typeof content === 'string') return { role: 'user', content };
  const texts: string[] = [];
  const images: string[] = [];
  content.forEach((part, partIndex) => {
    const partPath = `${path}.content[${partIndex}]`;
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'image_url') images.push(imageData(part.image_url.url, `${partPath}.image_url.url`));
    else throw new UnsupportedParameterError(`${partPath}.type`, providerId);
  });
  const mapped: OllamaMessage = { role: 'user', content: texts.join('\n') };
  if (images.length > 0) mapped.images = images;
  return mapped;
}

/** The base64 payload of a `data:image/…;base64,` URL; anything else is refused naming the param. */
function imageData(url: string, param: string): string {
  const match = dataUrl.exec(url);
  if (match !== null && (match[1] === '' || match[1].toLowerCase().startsWith('image/'))) return url.slice(match[0].length);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  const what = scheme === 'http' || scheme === 'https' ? 'an image URL: the gateway does not fetch URLs named in a request' : 'not a base64 data: URL of an image';
  throw new GatewayError({
    code: 'invalid_request',
    param,
    message: `${param} is ${what}. Ollama takes images inline: send data:image/<type>;base64,<data>.`,
  });
}

/** Text-only content: a string, or text parts joined with a newline (Ollama takes one string per message). */
function flattenText(content: string | ReadonlyArray<{ type: string; text?: string }>, path: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((part, partIndex) => {
      if (part.type !== 'text' || typeof part.text !== 'string') throw new UnsupportedParameterError(`${path}.content[${partIndex}].type`, providerId);
      return part.text;
    })
    .join('\n');
}

/** An OpenAI tool call as Ollama takes it back in history: arguments as a JSON object, not a string. */
function mapToolCallOut(call: ToolCall, path: string): OllamaToolCall {
  let parsed: unknown;
  try {
    parsed = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
  } catch {
    throw new GatewayError({ code: 'invalid_request', param: `${path}.function.arguments`, message: `${path}.function.arguments is not valid JSON; Ollama takes tool call arguments as a JSON object.` });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new GatewayError({ code: 'invalid_request', param: `${path}.function.arguments`, message: `${path}.function.arguments must be a JSON object for Ollama.` });
  }
  return { id: call.id, function: { name: call.function.name, arguments: parsed as Record<string, unknown> } };
}
