import { GatewayError, UnsupportedParameterError, type ChatMessage, type ContentPart } from '@switchyard/core';
import { mapMistralToolCallIds } from './map-tool-call-id.js';
import type { MistralContentChunk, MistralMessage, MistralThinkChunk, MistralToolCall } from './wire-types.js';

/*
 * OpenAI chat messages → Mistral messages. Roles: system and developer → system; user, assistant and tool keep theirs;
 * the legacy `function` role has no Mistral counterpart. Mistral allows `name` only on tool messages: there it is
 * kept when the client sent one, else filled in from the assistant tool call the message answers, as Mistral's
 * function-calling guide sends it; on any other role it is refused. Reasoning from an earlier turn (`reasoning_content`, `thinking_blocks`) goes back as
 * `thinking` chunks ahead of the text, which is how Mistral itself returns it. Tool call ids are rewritten to ids
 * Mistral accepts (map-tool-call-id.ts).
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 * @see https://docs.mistral.ai/capabilities/function_calling/
 * @see https://docs.mistral.ai/capabilities/reasoning/
 */

const provider = 'mistral';

interface ThinkingBlock { type?: unknown; thinking?: unknown; signature?: unknown }

export function mapMistralMessages(messages: readonly ChatMessage[]): MistralMessage[] {
  const ids = mapMistralToolCallIds(toolCallIdsOf(messages));
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) toolNames.set(call.id, call.function.name);
  }
  return messages.map((message, index) => mapMessage(message, index, ids, toolNames));
}

function toolCallIdsOf(messages: readonly ChatMessage[]): string[] {
  const ids: string[] = [];
  for (const message of messages) {
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) ids.push(call.id);
    if (message.role === 'tool') ids.push(message.tool_call_id);
  }
  return ids;
}

function mapMessage(message: ChatMessage, index: number, ids: ReadonlyMap<string, string>, toolNames: ReadonlyMap<string, string>): MistralMessage {
  const at = `messages[${index}]`;
  const fields = message as unknown as Record<string, unknown>;
  switch (message.role) {
    case 'system':
    case 'developer':
      refuseOtherFields(fields, at, ['role', 'content']);
      return { role: 'system', content: typeof message.content === 'string' ? message.content : message.content.map((part, partIndex) => textChunk(part, `${at}.content[${partIndex}]`)) };
    case 'user':
      refuseOtherFields(fields, at, ['role', 'content']);
      return { role: 'user', content: typeof message.content === 'string' ? message.content : message.content.map((part, partIndex) => userChunk(part, `${at}.content[${partIndex}]`)) };
    case 'assistant':
      return mapAssistant(fields, at, ids);
    case 'tool': {
      refuseOtherFields(fields, at, ['role', 'content', 'tool_call_id', 'name']);
      const content = typeof message.content === 'string' ? message.content : message.content.map((part, partIndex) => textChunk(part, `${at}.content[${partIndex}]`));
      // A name the client gave (LangChain sends one) is Mistral's own field and wins over the derived one.
      const given = fields.name;
      const name = typeof given === 'string' && given !== '' ? given : toolNames.get(message.tool_call_id);
      return { role: 'tool', content, tool_call_id: ids.get(message.tool_call_id) as string, ...(name === undefined ? {} : { name }) };
    }
    default:
      throw new UnsupportedParameterError(`${at}.role`, provider);
  }
}

/*
 * What an OpenAI client sends back when it appends a received assistant message as it came: `refusal: null`,
 * `annotations` (url citations the model produced; output only, nothing Mistral could take) and `audio` /
 * `function_call` set to null. Those are accepted; anything carrying a value Mistral has no field for is refused.
 */
function mapAssistant(fields: Record<string, unknown>, at: string, ids: ReadonlyMap<string, string>): MistralMessage {
  refuseOtherFields(fields, at, ['role', 'content', 'tool_calls', 'reasoning_content', 'thinking_blocks', 'prefix', 'refusal', 'annotations', 'audio', 'function_call']);
  for (const key of ['refusal', 'audio', 'function_call']) {
    if (fields[key] !== undefined && fields[key] !== null) throw new UnsupportedParameterError(`${at}.${key}`, provider);
  }
  const out: Extract<MistralMessage, { role: 'assistant' }> = { role: 'assistant' };
  const thinking = thinkChunks(fields, at);
  const content = fields.content as string | ContentPart[] | null | undefined;
  if (thinking.length > 0) {
    const text = typeof content === 'string' ? (content === '' ? [] : [{ type: 'text' as const, text: content }]) : (content ?? []).map((part, partIndex) => textChunk(part, `${at}.content[${partIndex}]`));
    out.content = [...thinking, ...text];
  } else if (content !== undefined) {
    out.content = typeof content === 'string' || content === null ? content : content.map((part, partIndex) => textChunk(part, `${at}.content[${partIndex}]`));
  }
  const toolCalls = fields.tool_calls as Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> | undefined;
  if (toolCalls !== undefined) {
    out.tool_calls = toolCalls.map((call): MistralToolCall => ({ id: ids.get(call.id) as string, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }));
  }
  if (fields.prefix !== undefined && fields.prefix !== null) {
    if (typeof fields.prefix !== 'boolean') throw new GatewayError({ code: 'invalid_request', param: `${at}.prefix`, message: `${at}.prefix must be true or false` });
    out.prefix = fields.prefix;
  }
  return out;
}

/** `thinking_blocks` (signatures kept) when the message has them, else `reasoning_content` as one thinking chunk. */
function thinkChunks(fields: Record<string, unknown>, at: string): MistralThinkChunk[] {
  const blocks = fields.thinking_blocks;
  if (Array.isArray(blocks) && blocks.length > 0) {
    return blocks.map((block: ThinkingBlock, blockIndex) => {
      if (block.type !== 'thinking' || typeof block.thinking !== 'string') throw new UnsupportedParameterError(`${at}.thinking_blocks[${blockIndex}]`, provider);
      const chunk: MistralThinkChunk = { type: 'thinking', thinking: [{ type: 'text', text: block.thinking }] };
      if (typeof block.signature === 'string') chunk.signature = block.signature;
      return chunk;
    });
  }
  const reasoning = fields.reasoning_content;
  return typeof reasoning === 'string' && reasoning !== '' ? [{ type: 'thinking', thinking: [{ type: 'text', text: reasoning }] }] : [];
}

function textChunk(part: ContentPart, at: string): MistralContentChunk {
  if (part.type !== 'text') throw new UnsupportedParameterError(`${at}.type`, provider);
  return { type: 'text', text: part.text };
}

function userChunk(part: ContentPart, at: string): MistralContentChunk {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image_url': {
      const { url, detail } = part.image_url;
      return { type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } };
    }
    case 'input_audio':
      // Mistral's AudioChunk is the base64 data alone; it reads the format from the data.
      return { type: 'input_audio', input_audio: part.input_audio.data };
    case 'file': {
      const { file_id, file_data, filename } = part.file;
      if (file_id !== undefined) return { type: 'file', file_id };
      if (file_data !== undefined && file_data.startsWith('data:')) {
        return { type: 'document_url', document_url: file_data, ...(filename === undefined ? {} : { document_name: filename }) };
      }
      throw new GatewayError({ code: 'invalid_request', param: `${at}.file`, message: `${at}.file needs a file_id (a Mistral file) or file_data as a data: URL` });
    }
    default:
      throw new UnsupportedParameterError(`${at}.type`, provider);
  }
}

function refuseOtherFields(fields: Record<string, unknown>, at: string, allowed: readonly string[]): void {
  for (const key of Object.keys(fields)) {
    if (fields[key] === undefined || fields[key] === null || allowed.includes(key)) continue;
    throw new UnsupportedParameterError(`${at}.${key}`, provider);
  }
}
