import { readFileSync } from 'node:fs';
import type { Deployment } from '../provider/deployment.js';

/**
 * What the catalog knows of one model: limits in tokens, prices in US dollars per token. Field names are LiteLLM's,
 * so `model_info` overrides in a LiteLLM config use the same words.
 */
export interface ModelCatalogEntry {
  readonly mode?: 'chat' | 'completion' | 'responses' | 'embedding';
  readonly max_input_tokens?: number;
  readonly max_output_tokens?: number;
  readonly input_cost_per_token?: number;
  readonly output_cost_per_token?: number;
  readonly cache_read_input_token_cost?: number;
  readonly cache_creation_input_token_cost?: number;
  readonly output_cost_per_reasoning_token?: number;
}

export interface ModelCatalogSource {
  readonly name: string;
  readonly license: string;
  readonly from: string;
  readonly retrieved: string;
  readonly command: string;
}

interface CatalogFile {
  readonly source: ModelCatalogSource;
  readonly models: Readonly<Record<string, ModelCatalogEntry>>;
}

let loaded: CatalogFile | undefined;

// Read on first use, not at import: half a megabyte of JSON that a gateway with only the mock provider never needs.
function catalog(): CatalogFile {
  loaded ??= JSON.parse(readFileSync(new URL('../../catalog/model-catalog.json', import.meta.url), 'utf8')) as CatalogFile;
  return loaded;
}

/** Where the catalog's data came from and when; `npm run refresh-catalog` rebuilds it. */
export function modelCatalogSource(): ModelCatalogSource {
  return catalog().source;
}

// Bedrock's cross-region inference profiles put a geography before the model id; the price is the model's.
// @see https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
const bedrockGeography = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;
const prefixAliases: Readonly<Record<string, string>> = { ollama_chat: 'ollama', cohere_chat: 'cohere' };

/**
 * The catalog entry of a provider prefix and upstream model id (`anthropic`, `claude-sonnet-4-20250514`), or
 * undefined when the catalog does not list it. Bedrock ids are found with or without a cross-region prefix or
 * LiteLLM's `converse/` route.
 */
export function lookupModel(provider: string, model: string): ModelCatalogEntry | undefined {
  const models = catalog().models;
  const prefix = prefixAliases[provider] ?? provider;
  const direct = models[`${prefix}/${model}`];
  if (direct !== undefined || prefix !== 'bedrock') return direct;
  const bare = model.replace(/^converse\//, '');
  return models[`bedrock/${bare}`] ?? models[`bedrock/${bare.replace(bedrockGeography, '')}`];
}

const entryFields = [
  'max_input_tokens',
  'max_output_tokens',
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
  'output_cost_per_reasoning_token',
] as const;

/**
 * A deployment's entry: the catalog's, looked up by `model_info.base_model` when set (Azure deployments have names
 * of their own), with any of the same fields in `model_info` taking precedence, as LiteLLM lets operators price
 * private or fine-tuned models. `max_tokens` in model_info is LiteLLM's older name for `max_output_tokens`.
 */
export function catalogEntryFor(deployment: Pick<Deployment, 'provider' | 'model' | 'model_info'>): ModelCatalogEntry | undefined {
  const info = deployment.model_info;
  const baseModel = typeof info.base_model === 'string' ? info.base_model : undefined;
  const found = baseModel === undefined ? lookupModel(deployment.provider, deployment.model) : baseModelEntry(deployment.provider, baseModel);
  let merged: Record<string, unknown> | undefined = found === undefined ? undefined : { ...found };
  for (const field of entryFields) {
    if (typeof info[field] === 'number') (merged ??= {})[field] = info[field];
  }
  if (typeof info.max_tokens === 'number' && typeof info.max_output_tokens !== 'number') (merged ??= {}).max_output_tokens = info.max_tokens;
  return merged as ModelCatalogEntry | undefined;
}

// base_model is written the LiteLLM way, often with its own prefix (`azure/gpt-4o`).
function baseModelEntry(provider: string, baseModel: string): ModelCatalogEntry | undefined {
  const slash = baseModel.indexOf('/');
  if (slash > 0) {
    const found = lookupModel(baseModel.slice(0, slash), baseModel.slice(slash + 1));
    if (found !== undefined) return found;
  }
  return lookupModel(provider, baseModel);
}
