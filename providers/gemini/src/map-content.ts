import { GatewayError, UnsupportedParameterError, type ChatMessage, type ContentPart, type ToolCall } from '@switchyard/core';
import type { GeminiContent, GeminiPart } from './wire-types.js';

/*
 * OpenAI messages → Gemini `systemInstruction` + `contents`. Gemini has two roles, `user` and `model`; tool results are
 * `functionResponse` parts of a user turn, and consecutive turns of one role are merged into one Content, as the API
 * expects alternating turns.
 * @see https://ai.google.dev/api/generate-content#request-body
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 * @see https://ai.google.dev/gemini-api/docs/file-input-methods
 */

export interface GeminiMessages {
  systemInstruction?: GeminiContent;
  contents: GeminiContent[];
}

/** Where a Gemini thought signature lives on an OpenAI tool call (LiteLLM's field, so histories move between the two). */
export interface GeminiToolCallExtras {
  provider_specific_fields?: { thought_signature?: string };
}

/** Where signatures of text parts live on an assistant message. */
export interface GeminiMessageExtras {
  provider_specific_fields?: { thought_signatures?: string[] };
}

export interface GeminiMessagesOptions {
  /** Whether functionCall and functionResponse parts carry the tool call's `id` (Vertex AI's have no such field). */
  readonly functionCallIds: boolean;
}

/** Maps the messages; `provider` names the provider in the errors thrown for input Gemini cannot carry. */
export function mapGeminiMessages(messages: readonly ChatMessage[], provider: string, options: GeminiMessagesOptions = { functionCallIds: true }): GeminiMessages {
  const systemParts: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();

  const push = (role: 'user' | 'model', parts: GeminiPart[]): void => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts!.push(...parts);
    else contents.push({ role, parts });
  };

  messages.forEach((message, index) => {
    const path = `messages[${index}]`;
    if ('name' in message && message.name !== undefined && message.role !== 'function') throw new UnsupportedParameterError(`${path}.name`, provider);
    switch (message.role) {
      // Gemini has one system instruction per request; every system or developer message joins it, in order.
      case 'system':
      case 'developer':
        systemParts.push(...textParts(message.content, path, provider));
        return;
      case 'user':
        push('user', userParts(message.content, path, provider));
        return;
      case 'assistant': {
        const parts: GeminiPart[] = message.content === undefined || message.content === null ? [] : textParts(message.content, path, provider);
        message.tool_calls?.forEach((call, callIndex) => {
          toolNames.set(call.id, call.function.name);
          parts.push(functionCallPart(call, `${path}.tool_calls[${callIndex}]`, options.functionCallIds));
        });
        attachTextSignatures(parts, (message as GeminiMessageExtras).provider_specific_fields?.thought_signatures);
        push('model', parts);
        return;
      }
      case 'tool': {
        const name = toolNames.get(message.tool_call_id);
        if (name === undefined) {
          throw new GatewayError({ code: 'invalid_request', param: `${path}.tool_call_id`, message: `${path}.tool_call_id '${message.tool_call_id}' matches no tool call of an earlier assistant message; Gemini needs the function's name for a tool result` });
        }
        const output = textParts(message.content, path, provider).map((part) => part.text).join('');
        // The proto names `output` as the key for a function's result; the text is given as it came, unparsed.
        const response = { name, response: { output } };
        push('user', [{ functionResponse: options.functionCallIds ? { id: message.tool_call_id, ...response } : response }]);
        return;
      }
      default:
        throw new UnsupportedParameterError(`${path}.role`, provider);
    }
  });

  return systemParts.length > 0 ? { systemInstruction: { parts: systemParts }, contents } : { contents };
}

function textParts(content: string | ReadonlyArray<ContentPart>, path: string, provider: string): Array<GeminiPart & { text: string }> {
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part, index) => {
    if (part.type === 'text') return { text: part.text };
    // An assistant's refusal in history is what it said; Gemini has no refusal part, so it goes back as text.
    if (part.type === 'refusal') return { text: part.refusal };
    throw new UnsupportedParameterError(`${path}.content[${index}].type`, provider);
  });
}

function userParts(content: string | ReadonlyArray<ContentPart>, path: string, provider: string): GeminiPart[] {
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part, index) => {
    const partPath = `${path}.content[${index}]`;
    switch (part.type) {
      case 'text':
        return { text: part.text };
      case 'image_url':
        // `detail` is a resolution hint; Gemini chooses the resolution itself (documented as not carried).
        return mediaPart(part.image_url.url, `${partPath}.image_url.url`);
      case 'input_audio':
        return { inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } };
      case 'file':
        if (part.file.file_data !== undefined) return mediaPart(part.file.file_data, `${partPath}.file.file_data`);
        if (part.file.file_id !== undefined) return mediaPart(part.file.file_id, `${partPath}.file.file_id`);
        throw new GatewayError({ code: 'invalid_request', param: `${partPath}.file`, message: `${partPath}.file needs file_data or file_id` });
      default:
        throw new UnsupportedParameterError(`${partPath}.type`, provider);
    }
  });
}

const dataUrl = /^data:([^;,]+)((?:;[^;,=]+=[^;,]*)*);base64,(.*)$/s;

/**
 * A data: URL becomes inline bytes; an http(s) or gs:// URI (and a Files API URI) becomes `fileData`, which the API
 * fetches itself: the gateway never downloads a URL. The MIME type of a URI is named only when its extension says it.
 */
function mediaPart(url: string, param: string): GeminiPart {
  const inline = dataUrl.exec(url);
  if (inline) return { inlineData: { mimeType: inline[1]!, data: inline[3]! } };
  if (/^(https?|gs):\/\//i.test(url)) {
    const mimeType = mimeTypeOfPath(url);
    return { fileData: mimeType === undefined ? { fileUri: url } : { mimeType, fileUri: url } };
  }
  throw new GatewayError({ code: 'invalid_request', param, message: `${param} must be a base64 data: URL, an https:// URL or a gs:// URI` });
}

const mimeTypes: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', heic: 'image/heic', heif: 'image/heif',
  pdf: 'application/pdf', txt: 'text/plain', mp3: 'audio/mp3', wav: 'audio/wav', flac: 'audio/flac', ogg: 'audio/ogg', aac: 'audio/aac',
  mp4: 'video/mp4', mov: 'video/mov', webm: 'video/webm', mpeg: 'video/mpeg',
};

function mimeTypeOfPath(url: string): string | undefined {
  const path = url.replace(/[?#].*$/s, '');
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : mimeTypes[extension];
}

function functionCallPart(call: ToolCall & GeminiToolCallExtras, param: string, withId: boolean): GeminiPart {
  let args: unknown = {};
  if (call.function.arguments.trim() !== '') {
    try {
      args = JSON.parse(call.function.arguments);
    } catch {
      args = undefined;
    }
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new GatewayError({ code: 'invalid_request', param: `${param}.function.arguments`, message: `${param}.function.arguments must be a JSON object for Gemini's functionCall.args` });
  }
  const functionCall = { name: call.function.name, args: args as Record<string, unknown> };
  const part: GeminiPart = { functionCall: withId ? { id: call.id, ...functionCall } : functionCall };
  const signature = call.provider_specific_fields?.thought_signature;
  if (typeof signature === 'string') part.thoughtSignature = signature;
  return part;
}

/**
 * A text part's signature came on the last part of the model's answer; it goes back on the last text part of the
 * turn, or on an empty text part when the turn has no text (as the API itself sends it at a stream's end).
 */
function attachTextSignatures(parts: GeminiPart[], signatures: unknown): void {
  if (!Array.isArray(signatures)) return;
  for (const signature of signatures) {
    if (typeof signature !== 'string') continue;
    const target = parts.findLast((part) => part.text !== undefined && part.thoughtSignature === undefined);
    if (target) target.thoughtSignature = signature;
    else parts.push({ text: '', thoughtSignature: signature });
  }
}
