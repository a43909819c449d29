import type { ChatMessage, ContentPart, TextContentPart } from '@switchyard/core';
import { invalidForCohere, unsupportedByCohere } from './request-errors.js';
import type { CohereImageContent, CohereMessage, CohereTextContent, CohereThinkingContent, CohereToolCall } from './wire-types.js';

/*
 * OpenAI messages → Cohere v2 messages. The roles line up one to one (`developer` is OpenAI's newer name for
 * `system`); content is a string or an array of parts in both APIs, so a string stays a string and parts map part by
 * part. What Cohere has no place for (a message `name`, audio or file parts, a refusal) is refused by its path.
 *
 * Reasoning on an assistant turn: Cohere returns a tool-calling turn's plan as `tool_plan` and a reasoning model's
 * thoughts as `thinking` content; both reach the client as `reasoning_content` (map-response.ts). Sent back, the
 * reasoning_content of a turn with tool_calls becomes its `tool_plan` (what Cohere's tool-use guide sends back), and
 * that of a turn without tool calls becomes a `thinking` part before its text, as Cohere's reasoning guide shows.
 * Fields the OpenAI SDK echoes when a received message is appended as is (`refusal: null`, `annotations`) carry
 * nothing Cohere takes and are not sent; a non-null refusal is refused.
 * @see https://docs.cohere.com/reference/chat (messages)
 * @see https://docs.cohere.com/docs/image-inputs
 * @see https://docs.cohere.com/docs/reasoning
 */

export function mapCohereMessages(messages: readonly ChatMessage[]): CohereMessage[] {
  return messages.map((message, index) => mapMessage(message, `messages[${index}]`));
}

function mapMessage(message: ChatMessage, path: string): CohereMessage {
  const record = message as unknown as Record<string, unknown>;
  if (record.name !== undefined && record.name !== null) throw unsupportedByCohere(`${path}.name`, 'Cohere messages have no participant name');
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textContent(message.content, `${path}.content`) };
    case 'user':
      return { role: 'user', content: userContent(message.content, `${path}.content`) };
    case 'assistant':
      return assistantMessage(message, record, path);
    case 'tool':
      return { role: 'tool', tool_call_id: message.tool_call_id, content: textContent(message.content, `${path}.content`) };
    default:
      throw unsupportedByCohere(`${path}.role`, `the role '${(message as { role: string }).role}' has no Cohere equivalent (use tool messages)`);
  }
}

function textContent(content: string | TextContentPart[], path: string): string | CohereTextContent[] {
  if (typeof content === 'string') return content;
  return content.map((part, index) => {
    if (part.type !== 'text') throw unsupportedByCohere(`${path}[${index}].type`, `only text parts are accepted here, not '${(part as { type: string }).type}'`);
    return { type: 'text', text: part.text };
  });
}

function userContent(content: string | ContentPart[], path: string): string | Array<CohereTextContent | CohereImageContent> {
  if (typeof content === 'string') return content;
  return content.map((part, index): CohereTextContent | CohereImageContent => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type === 'image_url') {
      // Cohere takes the same part: an http(s) URL or a data: URL, with an optional detail.
      const { url, detail } = part.image_url;
      return { type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } };
    }
    throw unsupportedByCohere(`${path}[${index}].type`, `Cohere chat takes text and image_url parts, not '${part.type}'`);
  });
}

function assistantMessage(message: Extract<ChatMessage, { role: 'assistant' }>, record: Record<string, unknown>, path: string): CohereMessage {
  if (message.refusal !== undefined && message.refusal !== null) throw unsupportedByCohere(`${path}.refusal`, 'Cohere assistant turns have no refusal field');
  if (record.thinking_blocks !== undefined && record.thinking_blocks !== null) {
    throw unsupportedByCohere(`${path}.thinking_blocks`, 'Cohere has no signed thinking blocks; send the reasoning as reasoning_content');
  }
  const reasoning = message.reasoning_content;
  if (reasoning !== undefined && reasoning !== null && typeof reasoning !== 'string') throw invalidForCohere(`${path}.reasoning_content`, 'must be a string');

  const text = assistantText(message.content, `${path}.content`);
  const toolCalls = message.tool_calls?.map((call): CohereToolCall => ({ id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }));
  const out: Extract<CohereMessage, { role: 'assistant' }> = { role: 'assistant' };
  // Citations this provider returned on an earlier answer come back when the client appends that message as is, and
  // Cohere's assistant turn takes them in the same shape.
  if (Array.isArray(record.citations) && record.citations.length > 0) out.citations = record.citations;

  if (toolCalls !== undefined && toolCalls.length > 0) {
    if (reasoning) out.tool_plan = reasoning;
    // An empty string beside tool calls carries nothing, and Cohere refuses empty text in a turn.
    if (text !== undefined && text !== '') out.content = text;
    out.tool_calls = toolCalls;
    return out;
  }
  if (reasoning) {
    const parts: Array<CohereTextContent | CohereThinkingContent> = [{ type: 'thinking', thinking: reasoning }];
    if (typeof text === 'string') {
      if (text !== '') parts.push({ type: 'text', text });
    } else if (text !== undefined) {
      parts.push(...text);
    }
    out.content = parts;
    return out;
  }
  if (text !== undefined) out.content = text;
  return out;
}

function assistantText(content: Extract<ChatMessage, { role: 'assistant' }>['content'], path: string): string | CohereTextContent[] | undefined {
  if (content === undefined || content === null) return undefined;
  if (typeof content === 'string') return content;
  return content.map((part, index) => {
    if (part.type !== 'text') throw unsupportedByCohere(`${path}[${index}].type`, `Cohere assistant turns take text parts, not '${part.type}'`);
    return { type: 'text', text: part.text };
  });
}
