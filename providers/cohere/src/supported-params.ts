import { catalogEntryFor, type Deployment } from '@switchyard/core';

/*
 * The params each endpoint maps (beyond model, messages, stream and input, which core always carries). A deployment
 * the catalog or its model_info.mode marks as an embedding model declares the embeddings set, a chat model the chat
 * set, and an unknown model both; each mapper then refuses the other endpoint's params (see foreignParam).
 */

export const cohereChatParams: ReadonlySet<string> = new Set([
  'temperature',
  'top_p',
  'top_k',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'n',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
  'thinking',
  'stream_options',
  'documents',
  'citation_options',
  'safety_mode',
]);

export const cohereEmbeddingsParams: ReadonlySet<string> = new Set(['encoding_format', 'dimensions', 'input_type', 'truncate']);

const bothParams: ReadonlySet<string> = new Set([...cohereChatParams, ...cohereEmbeddingsParams]);

export function cohereSupportedParams(deployment: Deployment): ReadonlySet<string> {
  const mode = typeof deployment.model_info.mode === 'string' ? deployment.model_info.mode : catalogEntryFor(deployment)?.mode;
  if (mode === 'embedding') return cohereEmbeddingsParams;
  if (mode === 'chat' || mode === 'completion') return cohereChatParams;
  return bothParams;
}

/** The first param of `request` that belongs to the other endpoint, for a deployment that declared both sets. */
export function foreignParam(request: Readonly<Record<string, unknown>>, own: ReadonlySet<string>): string | undefined {
  for (const key of Object.keys(request)) {
    if (request[key] !== undefined && bothParams.has(key) && !own.has(key)) return key;
  }
  return undefined;
}
