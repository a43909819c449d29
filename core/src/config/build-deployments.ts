import { createHash } from 'node:crypto';
import { chatParamNames } from '../openai/request-schemas.js';
import type { Deployment } from '../provider/deployment.js';
import { Secret } from '../secrets/secret.js';
import type { ModelListEntry } from './config-types.js';

// litellm_params keys core reads itself; every other key is a request default or a provider setting.
const connectionKeys = new Set([
  'model', 'api_base', 'base_url', 'api_key', 'api_version', 'timeout', 'stream_timeout', 'rpm', 'tpm', 'weight',
  'order', 'max_parallel_requests', 'drop_params', 'extra_headers', 'headers', 'custom_llm_provider',
]);

/** Splits `groq/llama-3.1-8b` into provider and upstream id; a bare id is OpenAI's, as in LiteLLM. */
export function splitModel(model: string, customProvider?: string): { provider: string; model: string } {
  if (customProvider) return { provider: customProvider, model };
  const slash = model.indexOf('/');
  if (slash <= 0) return { provider: 'openai', model };
  return { provider: model.slice(0, slash), model: model.slice(slash + 1) };
}

/** Turns resolved model_list entries into deployments; returns problems (one line each) instead of throwing. */
export function buildDeployments(entries: readonly ModelListEntry[], pathOf: (index: number) => string): { deployments: Deployment[]; problems: string[] } {
  const problems: string[] = [];
  const deployments: Deployment[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const path = pathOf(index);
    const params = entry.litellm_params;
    const number = (key: string): number | undefined => {
      const raw = params[key];
      if (raw === undefined || raw === null) return undefined;
      const value = typeof raw === 'number' ? raw : Number(raw);
      if (!Number.isFinite(value) || value < 0) {
        problems.push(`${path}.litellm_params.${key}: must be a non-negative number, got ${JSON.stringify(raw)}`);
        return undefined;
      }
      return value;
    };
    const { provider, model } = splitModel(params.model, params.custom_llm_provider as string | undefined);
    const requestDefaults: Record<string, unknown> = {};
    const providerParams: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) {
      if (connectionKeys.has(key)) continue;
      if (chatParamNames.has(key)) requestDefaults[key] = value;
      else providerParams[key] = value;
    }
    const info = entry.model_info ?? {};
    const base = `${entry.model_name}\u0000${params.model}\u0000${String(params.api_base ?? params.base_url ?? '')}`;
    const repeat = seen.get(base) ?? 0;
    seen.set(base, repeat + 1);
    const id = typeof info.id === 'string' && info.id.length > 0 ? info.id : createHash('sha256').update(`${base}\u0000${repeat}`).digest('hex').slice(0, 16);
    const apiKey = params.api_key as string | undefined;
    deployments.push(
      Object.freeze({
        id,
        model_name: entry.model_name,
        provider,
        model,
        api_base: (params.api_base ?? params.base_url) as string | undefined,
        api_key: apiKey === undefined ? undefined : new Secret(apiKey),
        api_version: params.api_version as string | undefined,
        headers: (params.extra_headers ?? params.headers) as Record<string, string> | undefined,
        timeout: number('timeout'),
        stream_timeout: number('stream_timeout'),
        rpm: number('rpm'),
        tpm: number('tpm'),
        weight: number('weight'),
        order: number('order'),
        max_parallel_requests: number('max_parallel_requests'),
        drop_params: params.drop_params as boolean | undefined,
        request_defaults: Object.freeze(requestDefaults),
        provider_params: Object.freeze(providerParams),
        model_info: Object.freeze({ ...info }),
      }),
    );
  });
  const ids = new Set<string>();
  for (const deployment of deployments) {
    if (ids.has(deployment.id)) problems.push(`model_list: two entries have the id '${deployment.id}' (model_info.id must be unique)`);
    ids.add(deployment.id);
  }
  return { deployments, problems };
}
