import type { ToolCall } from '@switchyard/core';
import type { GeminiPart } from './wire-types.js';

/*
 * What one candidate's parts say, in OpenAI terms; shared by the response and the stream mapper.
 *  - text parts → content; `thought: true` parts → reasoning_content
 *  - functionCall → a tool call with its arguments as JSON text. Gemini 2.x sends no call ids: one is made from the
 *    responseId, the candidate and the call's position (`call_<responseId>_<candidate>_<n>`), stable for a response.
 *  - thoughtSignature on a functionCall → that tool call's provider_specific_fields.thought_signature; on any other
 *    part → the message's provider_specific_fields.thought_signatures. Requests put them back where they came from.
 *  - inlineData (generated images) → `images: [{type: 'image_url', image_url: {url: data:…}}]`, LiteLLM's field
 * @see https://ai.google.dev/api/caching#Part
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */

export interface GeminiToolCall extends ToolCall {
  provider_specific_fields?: { thought_signature: string };
}

export interface GeminiImage {
  type: 'image_url';
  image_url: { url: string };
}

export interface GeminiPartsSummary {
  text: string;
  hasText: boolean;
  reasoning: string;
  hasReasoning: boolean;
  toolCalls: GeminiToolCall[];
  /** Signatures of parts that are not function calls. */
  signatures: string[];
  images: GeminiImage[];
}

/** Where the next tool call id comes from: the response's id, the candidate, and how many calls came before. */
export interface GeminiCallIdSource {
  readonly responseId: string;
  readonly candidateIndex: number;
  readonly firstCallNumber: number;
}

export function readGeminiParts(parts: readonly GeminiPart[] | undefined, ids: GeminiCallIdSource): GeminiPartsSummary {
  const summary: GeminiPartsSummary = { text: '', hasText: false, reasoning: '', hasReasoning: false, toolCalls: [], signatures: [], images: [] };
  for (const part of parts ?? []) {
    if (part.functionCall !== undefined) {
      const number = ids.firstCallNumber + summary.toolCalls.length;
      const call: GeminiToolCall = {
        id: part.functionCall.id ?? geminiToolCallId(ids.responseId, ids.candidateIndex, number),
        type: 'function',
        function: { name: part.functionCall.name ?? '', arguments: JSON.stringify(part.functionCall.args ?? {}) },
      };
      if (part.thoughtSignature !== undefined) call.provider_specific_fields = { thought_signature: part.thoughtSignature };
      summary.toolCalls.push(call);
      continue;
    }
    if (part.thoughtSignature !== undefined) summary.signatures.push(part.thoughtSignature);
    if (typeof part.text === 'string') {
      if (part.thought === true) {
        summary.reasoning += part.text;
        summary.hasReasoning = true;
      } else {
        summary.text += part.text;
        summary.hasText = true;
      }
    } else if (part.inlineData !== undefined) {
      summary.images.push({ type: 'image_url', image_url: { url: `data:${part.inlineData.mimeType};base64,${part.inlineData.data}` } });
    }
  }
  return summary;
}

export function geminiToolCallId(responseId: string, candidateIndex: number, number: number): string {
  return `call_${responseId}_${candidateIndex}_${number}`;
}
