#!/usr/bin/env node
// Rebuilds core/catalog/model-catalog.json from LiteLLM's MIT-licensed model_prices_and_context_window.json.
// Usage: npm run refresh-catalog [-- <path or URL of the LiteLLM file>] [--via "<where the copy came from>"]
// With no argument it downloads the file from LiteLLM's main branch.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const defaultSource = 'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json';
const output = fileURLToPath(new URL('../core/catalog/model-catalog.json', import.meta.url));

// The modes the gateway serves; image, audio and rerank entries wait for the endpoints that need them.
const modes = new Set(['chat', 'completion', 'responses', 'embedding']);
// LiteLLM's price fields kept, under the same names so its docs explain them.
const fields = [
  'max_input_tokens',
  'max_output_tokens',
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
  'output_cost_per_reasoning_token',
];

/** LiteLLM's provider names, folded into the model prefixes Switchyard's providers serve. */
function prefixOf(litellmProvider) {
  if (litellmProvider === 'bedrock_converse') return 'bedrock';
  if (litellmProvider.startsWith('vertex_ai')) return 'vertex_ai';
  if (litellmProvider === 'cohere_chat') return 'cohere';
  if (litellmProvider === 'ollama_chat') return 'ollama';
  if (litellmProvider === 'text-completion-openai') return 'openai';
  return litellmProvider;
}

function modelIdOf(key, litellmProvider, prefix) {
  for (const lead of [`${litellmProvider}/`, `${prefix}/`]) if (key.startsWith(lead)) return key.slice(lead.length);
  return key;
}

async function readSource(source) {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`GET ${source} answered ${response.status}`);
    return response.text();
  }
  return readFile(source, 'utf8');
}

const args = process.argv.slice(2);
const viaIndex = args.indexOf('--via');
const via = viaIndex === -1 ? undefined : args.splice(viaIndex, 2)[1];
const source = args[0] ?? defaultSource;
const raw = JSON.parse(await readSource(source));

const models = {};
for (const [key, entry] of Object.entries(raw)) {
  if (key === 'sample_spec' || typeof entry !== 'object' || entry === null || typeof entry.litellm_provider !== 'string') continue;
  if (!modes.has(entry.mode)) continue;
  const prefix = prefixOf(entry.litellm_provider);
  const id = `${prefix}/${modelIdOf(key, entry.litellm_provider, prefix)}`;
  const kept = { mode: entry.mode };
  for (const field of fields) if (typeof entry[field] === 'number') kept[field] = entry[field];
  if (kept.max_output_tokens === undefined && typeof entry.max_tokens === 'number') kept.max_output_tokens = entry.max_tokens;
  // The first key wins: LiteLLM lists a provider's own entry before aliases that fold into the same id.
  if (!(id in models)) models[id] = kept;
}

const sorted = Object.fromEntries(Object.entries(models).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const catalog = {
  source: {
    name: "LiteLLM's model_prices_and_context_window.json",
    license: 'MIT (BerriAI/litellm)',
    from: /^https?:\/\//.test(source) ? source : via ?? source,
    retrieved: new Date().toISOString().slice(0, 10),
    command: 'npm run refresh-catalog',
  },
  models: sorted,
};
await writeFile(output, `${JSON.stringify(catalog, null, 1)}\n`);
console.log(`wrote ${Object.keys(sorted).length} models to ${output}`);
