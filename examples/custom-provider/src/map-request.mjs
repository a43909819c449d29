// @ts-check
// The echo API reference this follows is the comment at the top of echo-upstream.mjs.
import { GatewayError, UnsupportedParameterError } from '@switchyard/core';

/** The OpenAI params, beyond model, messages and stream, that the echo wire can carry. Core refuses the rest. */
export const echoSupportedParams = new Set(['max_tokens', 'max_completion_tokens', 'stream_options']);

/**
 * Turns an OpenAI chat request into the echo upstream's request. Pure: values in, values out.
 * @param {import('@switchyard/core').ChatRequest} request
 * @param {import('./echo-settings.mjs').EchoSettings} settings
 */
export function mapEchoRequest(request, settings) {
  if (request.stream_options?.include_obfuscation === true) throw new UnsupportedParameterError('stream_options.include_obfuscation', 'echo');
  /** @type {Record<string, unknown>} */
  const body = { model: request.model, turns: request.messages.map(mapTurn), stream: request.stream === true };
  const limit = mapLimit(request);
  if (limit !== undefined) body.limit = limit;
  if (settings.shout !== undefined) body.shout = settings.shout;
  /** @type {Record<string, string>} */
  const headers = { ...settings.headers, 'content-type': 'application/json', accept: request.stream === true ? 'text/event-stream' : 'application/json' };
  if (settings.apiKey !== undefined) headers['x-echo-key'] = settings.apiKey.reveal();
  return { url: `${settings.baseUrl}/v1/echo`, headers, body };
}

/**
 * max_completion_tokens replaced max_tokens in OpenAI's API; both mean "most tokens to answer". Two different values
 * leave no faithful choice, so that is the client's mistake to fix.
 * @param {import('@switchyard/core').ChatRequest} request
 */
function mapLimit(request) {
  const { max_tokens: legacy, max_completion_tokens: current } = request;
  if (legacy != null && current != null && legacy !== current) {
    throw new GatewayError({ code: 'invalid_request', param: 'max_tokens', message: 'max_tokens and max_completion_tokens differ; send one of them.' });
  }
  return current ?? legacy ?? undefined;
}

/**
 * @param {import('@switchyard/core').ChatMessage} message
 * @param {number} index
 */
function mapTurn(message, index) {
  if ('name' in message && message.name !== undefined) throw new UnsupportedParameterError(`messages[${index}].name`, 'echo');
  switch (message.role) {
    // The echo wire has one instruction role; OpenAI's developer role is the newer name for the same thing.
    case 'system':
    case 'developer':
      return { from: 'system', parts: mapParts(message.content, index) };
    case 'user':
      return { from: 'user', parts: mapParts(message.content, index) };
    case 'assistant':
      if (message.tool_calls !== undefined) throw new UnsupportedParameterError(`messages[${index}].tool_calls`, 'echo');
      return { from: 'assistant', parts: message.content == null ? [] : mapParts(message.content, index) };
    default:
      throw new UnsupportedParameterError(`messages[${index}].role`, 'echo');
  }
}

/**
 * @param {string | ReadonlyArray<import('@switchyard/core').ContentPart>} content
 * @param {number} index
 */
function mapParts(content, index) {
  if (typeof content === 'string') return [content];
  return content.map((part, partIndex) => {
    if (part.type !== 'text') throw new UnsupportedParameterError(`messages[${index}].content[${partIndex}].type`, 'echo');
    return part.text;
  });
}
