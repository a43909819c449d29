import { GatewayError, UnsupportedParameterError, type ContentPart } from '@switchyard/core';
import type { AnthropicCacheControl, AnthropicDocumentBlock, AnthropicImageBlock, AnthropicRequestBlock, AnthropicTextBlock } from './wire-types.js';

/*
 * OpenAI content parts → Anthropic content blocks. A `cache_control` on a part (LiteLLM's convention for prompt
 * caching) stays on the block it becomes.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/vision
 * @see https://docs.anthropic.com/en/docs/build-with-claude/pdf-support
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
 */

const dataUrl = /^data:([^;,]+)((?:;[^;,=]+=[^;,]*)*);base64,(.*)$/s;

/** The blocks of a user message's content; `path` is the content's request path for error messages. */
export function mapUserContent(content: string | ContentPart[], path: string, provider: string): AnthropicRequestBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => mapUserPart(part, `${path}[${index}]`, provider));
}

/** Text blocks of system, developer and tool content, which OpenAI allows only as text. */
export function mapTextContent(content: string | ContentPart[], path: string, provider: string): AnthropicTextBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => {
    if (part.type !== 'text') throw new UnsupportedParameterError(`${path}[${index}].type`, provider);
    return textBlock(part.text, part);
  });
}

export function textBlock(text: string, part: object): AnthropicTextBlock {
  return withCacheControl({ type: 'text', text }, part);
}

/** Copies a part's (or message's, or tool's) `cache_control` onto the block made from it. */
export function withCacheControl<T extends object>(block: T, source: object): T & { cache_control?: AnthropicCacheControl } {
  const cacheControl = (source as { cache_control?: unknown }).cache_control;
  if (cacheControl === undefined || cacheControl === null) return block;
  return { ...block, cache_control: cacheControl as AnthropicCacheControl };
}

function mapUserPart(part: ContentPart, path: string, provider: string): AnthropicRequestBlock {
  switch (part.type) {
    case 'text':
      return textBlock(part.text, part);
    case 'image_url':
      return withCacheControl(imageBlock(part.image_url, `${path}.image_url`, provider), part);
    case 'file':
      return withCacheControl(documentBlock(part.file, `${path}.file`, provider), part);
    default:
      // input_audio (Claude takes no audio) and refusal (an assistant's part) have no Anthropic block.
      throw new UnsupportedParameterError(`${path}.type`, provider);
  }
}

function imageBlock(image: { url: string; detail?: string }, path: string, provider: string): AnthropicImageBlock {
  // Claude has no resolution switch: 'auto' is what it does anyway, anything else cannot be honoured.
  if (image.detail !== undefined && image.detail !== 'auto') throw new UnsupportedParameterError(`${path}.detail`, provider);
  const url = image.url;
  if (url.startsWith('https://') || url.startsWith('http://')) return { type: 'image', source: { type: 'url', url } };
  const data = dataUrl.exec(url);
  if (data !== null) return { type: 'image', source: { type: 'base64', media_type: data[1]!, data: data[3]! } };
  throw new GatewayError({
    code: 'invalid_request',
    param: `${path}.url`,
    message: `${provider}: an image_url must be an http(s) URL or a base64 data: URL (data:image/png;base64,…)`,
  });
}

function documentBlock(file: { file_data?: string; file_id?: string; filename?: string }, path: string, provider: string): AnthropicDocumentBlock {
  const title = file.filename === undefined ? {} : { title: file.filename };
  if (file.file_data !== undefined) {
    const data = dataUrl.exec(file.file_data);
    if (data === null) {
      throw new GatewayError({ code: 'invalid_request', param: `${path}.file_data`, message: `${provider}: file_data must be a base64 data: URL (data:application/pdf;base64,…)` });
    }
    const mediaType = data[1]!;
    if (mediaType === 'application/pdf') return { type: 'document', source: { type: 'base64', media_type: mediaType, data: data[3]! }, ...title };
    // Anthropic takes plain text documents as text, not base64.
    if (mediaType === 'text/plain') return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(data[3]!, 'base64').toString('utf8') }, ...title };
    throw new GatewayError({ code: 'invalid_request', param: `${path}.file_data`, message: `${provider}: a file must be application/pdf or text/plain, got ${mediaType}` });
  }
  // An id from Anthropic's Files API (beta header files-api-2025-04-14, set by the operator); OpenAI file ids mean nothing there.
  if (file.file_id !== undefined) return { type: 'document', source: { type: 'file', file_id: file.file_id }, ...title };
  throw new GatewayError({ code: 'invalid_request', param: path, message: `${provider}: a file part needs file_data or file_id` });
}
