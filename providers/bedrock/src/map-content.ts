import { GatewayError, UnsupportedParameterError } from '@switchyard/core';
import type { ConverseCachePoint, ConverseContentBlock, ConverseReasoningBlock } from './wire-types.js';

/*
 * Content parts → Converse content blocks. Images and PDFs travel as base64 bytes; the gateway never fetches a URL
 * named in a request (that would let any client make it reach internal addresses), so only data: URLs are taken.
 * A part's Anthropic-style `cache_control` becomes a cachePoint block right after it, which is where Bedrock caches
 * the prefix up to.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html
 */

const provider = 'bedrock';
const imageFormats: Readonly<Record<string, 'png' | 'jpeg' | 'gif' | 'webp'>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** A client's content part, read loosely: core validated the shape, the extras (cache_control) are ours to check. */
export interface ContentPartInput {
  type?: string;
  text?: string;
  image_url?: { url?: string };
  file?: { file_data?: string; file_id?: string; filename?: string };
  cache_control?: unknown;
}

/** The cachePoint a part's cache_control asks for, or undefined without one. */
export function mapBedrockCacheControl(value: unknown, param: string): ConverseCachePoint | undefined {
  if (value === undefined || value === null) return undefined;
  const control = value as { type?: unknown; ttl?: unknown };
  if (typeof value !== 'object' || control.type !== 'ephemeral') {
    throw new GatewayError({ code: 'invalid_request', param, message: `${param} must be {"type": "ephemeral"} (optionally with "ttl": "5m" or "1h")` });
  }
  if (control.ttl === undefined) return { cachePoint: { type: 'default' } };
  if (control.ttl !== '5m' && control.ttl !== '1h') throw new GatewayError({ code: 'invalid_request', param: `${param}.ttl`, message: `${param}.ttl must be "5m" or "1h"` });
  return { cachePoint: { type: 'default', ttl: control.ttl } };
}

/** Text or parts of a user turn; `param` is the path of the content (`messages[2].content`). */
export function mapBedrockUserContent(content: string | ContentPartInput[], param: string): ConverseContentBlock[] {
  if (typeof content === 'string') return [{ text: content }];
  const blocks: ConverseContentBlock[] = [];
  content.forEach((part, index) => {
    const partParam = `${param}[${index}]`;
    blocks.push(mapPart(part, partParam, blocks.filter((block) => 'document' in block).length));
    const cachePoint = mapBedrockCacheControl(part.cache_control, `${partParam}.cache_control`);
    if (cachePoint !== undefined) blocks.push(cachePoint);
  });
  return blocks;
}

/** Text-only content (system, assistant, tool), with cache points; refuses any other part type. */
export function mapBedrockTextContent(content: string | ContentPartInput[], param: string): Array<{ text: string } | ConverseCachePoint> {
  if (typeof content === 'string') return [{ text: content }];
  const blocks: Array<{ text: string } | ConverseCachePoint> = [];
  content.forEach((part, index) => {
    if (part.type !== 'text' || typeof part.text !== 'string') throw new UnsupportedParameterError(`${param}[${index}].type`, provider);
    blocks.push({ text: part.text });
    const cachePoint = mapBedrockCacheControl(part.cache_control, `${param}[${index}].cache_control`);
    if (cachePoint !== undefined) blocks.push(cachePoint);
  });
  return blocks;
}

function mapPart(part: ContentPartInput, param: string, documentsBefore: number): ConverseContentBlock {
  switch (part.type) {
    case 'text':
      return { text: part.text ?? '' };
    case 'image_url':
      return { image: mapImage(part.image_url?.url ?? '', `${param}.image_url.url`) };
    case 'file':
      return { document: mapDocument(part.file ?? {}, `${param}.file`, documentsBefore) };
    default:
      throw new UnsupportedParameterError(`${param}.type`, provider);
  }
}

function mapImage(url: string, param: string): { format: 'png' | 'jpeg' | 'gif' | 'webp'; source: { bytes: string } } {
  const data = parseDataUrl(url);
  if (data === undefined) {
    throw new GatewayError({
      code: 'invalid_request',
      param,
      message: `${param}: bedrock takes images only as data: URLs (data:image/png;base64,…); the gateway does not fetch image URLs`,
    });
  }
  const format = imageFormats[data.mediaType];
  if (format === undefined) throw new GatewayError({ code: 'invalid_request', param, message: `${param}: bedrock takes png, jpeg, gif or webp images, not ${data.mediaType}` });
  return { format, source: { bytes: data.base64 } };
}

function mapDocument(file: NonNullable<ContentPartInput['file']>, param: string, documentsBefore: number): { format: 'pdf'; name: string; source: { bytes: string } } {
  if (file.file_id !== undefined) throw new UnsupportedParameterError(`${param}.file_id`, provider);
  const data = parseDataUrl(file.file_data ?? '');
  if (data === undefined || data.mediaType !== 'application/pdf') {
    throw new GatewayError({ code: 'invalid_request', param: `${param}.file_data`, message: `${param}.file_data: bedrock takes files only as PDF data: URLs (data:application/pdf;base64,…)` });
  }
  return { format: 'pdf', name: documentName(file.filename, documentsBefore), source: { bytes: data.base64 } };
}

/**
 * Bedrock allows only letters, digits, single spaces, hyphens, parentheses and brackets in a document's name, and
 * refuses two documents with one name; the name is a label for the model, so other characters become hyphens.
 */
function documentName(filename: string | undefined, index: number): string {
  const base = (filename ?? '').replace(/\.pdf$/i, '').replace(/[^A-Za-z0-9\s\-()[\]]/g, '-').replace(/\s+/g, ' ').trim();
  return base === '' ? `document-${index + 1}` : base;
}

function parseDataUrl(url: string): { mediaType: string; base64: string } | undefined {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match === null ? undefined : { mediaType: match[1].toLowerCase(), base64: match[2] };
}

/** A thinking block from an earlier answer, sent back unchanged so its signature verifies. */
export interface ThinkingBlockInput {
  type?: string;
  thinking?: string;
  signature?: string;
  data?: string;
}

export function mapBedrockThinkingBlocks(blocks: unknown, param: string): ConverseReasoningBlock[] {
  if (blocks === undefined || blocks === null) return [];
  if (!Array.isArray(blocks)) throw new GatewayError({ code: 'invalid_request', param, message: `${param} must be an array` });
  return (blocks as ThinkingBlockInput[]).map((block, index) => {
    if (block.type === 'thinking' && typeof block.thinking === 'string') {
      return { reasoningContent: { reasoningText: block.signature === undefined ? { text: block.thinking } : { text: block.thinking, signature: block.signature } } };
    }
    if (block.type === 'redacted_thinking' && typeof block.data === 'string') return { reasoningContent: { redactedContent: block.data } };
    throw new GatewayError({
      code: 'invalid_request',
      param: `${param}[${index}]`,
      message: `${param}[${index}] must be {"type": "thinking", "thinking", "signature"} or {"type": "redacted_thinking", "data"}`,
    });
  });
}
