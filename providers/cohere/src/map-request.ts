import type { ChatRequest } from '@switchyard/core';
import { mapCohereMessages } from './map-messages.js';
import { mapCohereThinking } from './map-reasoning.js';
import { mapCohereTools } from './map-tools.js';
import { invalidForCohere, unsupportedByCohere } from './request-errors.js';
import type { CohereSettings } from './settings.js';
import type { CohereChatBody, CohereResponseFormat } from './wire-types.js';

/*
 * An OpenAI chat request → POST {base}/v2/chat. The sampling params keep their names where Cohere shares them
 * (temperature, max_tokens, seed, frequency_penalty, presence_penalty) and are renamed where it does not (top_p → p,
 * stop → stop_sequences, and Cohere's own top-k as `top_k` → k). Values are sent as given: Cohere's ranges are
 * narrower than OpenAI's (temperature 0–1, penalties 0–1, p 0.01–0.99) and an out-of-range value is Cohere's 400 to
 * give, never squeezed into range here.
 *
 * Cohere-only inputs a client may add to an OpenAI request, sent on unchanged: `documents` (grounding documents;
 * citations come back on the message), `citation_options`, `safety_mode` and `thinking`.
 * @see https://docs.cohere.com/reference/chat
 * @see https://docs.cohere.com/docs/structured-outputs
 */

/** One upstream call: where, with which headers, and the body core serialises. */
export interface CohereUpstreamRequest<Body> {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Body;
}

/** The request params (besides OpenAI's own) that pass to Cohere unchanged. */
const cohereOwnParams = ['documents', 'citation_options', 'safety_mode'] as const;

export function mapCohereChatRequest(request: ChatRequest, settings: CohereSettings, stream: boolean): CohereUpstreamRequest<CohereChatBody> {
  if (typeof request.n === 'number' && request.n > 1) throw unsupportedByCohere('n', 'Cohere returns one choice per request; send n: 1 or leave it out');
  if (request.stream_options?.include_obfuscation === true) throw unsupportedByCohere('stream_options.include_obfuscation', 'Cohere streams carry no obfuscation padding');

  const body: CohereChatBody = { model: request.model, messages: mapCohereMessages(request.messages), ...mapCohereTools(request) };
  for (const name of cohereOwnParams) {
    const value = request[name];
    if (value !== undefined && value !== null) (body as unknown as Record<string, unknown>)[name] = value;
  }
  const responseFormat = mapResponseFormat(request);
  if (responseFormat !== undefined) body.response_format = responseFormat;
  const maxTokens = mapMaxTokens(request);
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  if (typeof request.stop === 'string') body.stop_sequences = [request.stop];
  else if (Array.isArray(request.stop)) body.stop_sequences = request.stop;
  if (isSet(request.temperature)) body.temperature = request.temperature;
  if (isSet(request.top_p)) body.p = request.top_p;
  if (isSet(request.top_k)) body.k = request.top_k as number;
  if (isSet(request.seed)) body.seed = request.seed;
  if (isSet(request.frequency_penalty)) body.frequency_penalty = request.frequency_penalty;
  if (isSet(request.presence_penalty)) body.presence_penalty = request.presence_penalty;
  const thinking = mapCohereThinking(request);
  if (thinking !== undefined) body.thinking = thinking;
  body.stream = stream;
  return { url: `${settings.baseUrl}/v2/chat`, headers: { 'content-type': 'application/json', ...settings.headers }, body };
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

function mapMaxTokens(request: ChatRequest): number | undefined {
  const { max_tokens: maxTokens, max_completion_tokens: maxCompletionTokens } = request;
  if (isSet(maxTokens) && isSet(maxCompletionTokens) && maxTokens !== maxCompletionTokens) {
    throw invalidForCohere('max_completion_tokens', `max_tokens (${maxTokens}) and max_completion_tokens (${maxCompletionTokens}) disagree; send one of them`);
  }
  return isSet(maxCompletionTokens) ? maxCompletionTokens : isSet(maxTokens) ? maxTokens : undefined;
}

/**
 * json_object is Cohere's own; json_schema becomes json_object with the schema in `json_schema`, which Cohere
 * enforces as strictly as OpenAI's strict mode (so `strict` needs no field). The schema's `name` only labels it on
 * OpenAI's side and is not sent; a `description` meant for the model has no place in Cohere's format and is refused.
 * 'text' is Cohere's default and is left out.
 */
function mapResponseFormat(request: ChatRequest): CohereResponseFormat | undefined {
  const format = request.response_format;
  if (format === undefined || format === null || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.json_schema.description !== undefined) {
    throw unsupportedByCohere('response_format.json_schema.description', "Cohere's response_format has no description field; put the guidance in a system message");
  }
  const schema = format.json_schema.schema;
  return schema === undefined ? { type: 'json_object' } : { type: 'json_object', json_schema: schema };
}
