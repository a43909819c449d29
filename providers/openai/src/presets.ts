/**
 * The OpenAI-compatible hosts this provider serves, by their LiteLLM model prefix. Every host speaks OpenAI's wire
 * format under its base URL (`{base}/chat/completions`, `{base}/embeddings`, `{base}/models`); a preset only says where
 * that base is and where its key comes from. Key variables are the names LiteLLM reads, in LiteLLM's order, so a
 * LiteLLM environment works unchanged.
 */
export interface OpenAIPreset {
  /** The `litellm_params.model` prefix (`groq` in `groq/llama-3.3-70b-versatile`). */
  readonly prefix: string;
  /** The host's name, for messages and docs. */
  readonly name: string;
  /** The host's own base URL; absent when the host is the user's own server, so `api_base` is required. */
  readonly baseUrl?: string;
  /** Environment variables tried in order when `litellm_params.api_key` is absent. */
  readonly keyVariables: readonly string[];
  /** Whether a call without a key is refused at boot; local servers run without one. */
  readonly keyRequired: boolean;
}

const presetList: readonly OpenAIPreset[] = [
  // @see https://platform.openai.com/docs/api-reference/introduction (servers: https://api.openai.com/v1)
  { prefix: 'openai', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', keyVariables: ['OPENAI_API_KEY'], keyRequired: true },
  // @see https://console.groq.com/docs/openai
  { prefix: 'groq', name: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', keyVariables: ['GROQ_API_KEY'], keyRequired: true },
  // Together's docs now name api.together.ai; LiteLLM still defaults to the older api.together.xyz alias.
  // @see https://docs.together.ai/docs/inference/openai-compatibility
  {
    prefix: 'together_ai',
    name: 'Together AI',
    baseUrl: 'https://api.together.ai/v1',
    keyVariables: ['TOGETHER_API_KEY', 'TOGETHER_AI_API_KEY', 'TOGETHERAI_API_KEY', 'TOGETHER_AI_TOKEN'],
    keyRequired: true,
  },
  // Fireworks serves the OpenAI paths under /inference/v1; LiteLLM's default is the same.
  // @see https://docs.litellm.ai/docs/providers/fireworks_ai
  {
    prefix: 'fireworks_ai',
    name: 'Fireworks AI',
    baseUrl: 'https://api.fireworks.ai/inference/v1',
    keyVariables: ['FIREWORKS_API_KEY', 'FIREWORKS_AI_API_KEY', 'FIREWORKSAI_API_KEY', 'FIREWORKS_AI_TOKEN'],
    keyRequired: true,
  },
  // DeepSeek serves the OpenAI paths at the root; `/v1` also works but "has nothing to do with the model version".
  // @see https://api-docs.deepseek.com/
  { prefix: 'deepseek', name: 'DeepSeek', baseUrl: 'https://api.deepseek.com', keyVariables: ['DEEPSEEK_API_KEY'], keyRequired: true },
  // Perplexity's Sonar chat completions live at the root (https://api.perplexity.ai/chat/completions).
  // @see https://docs.perplexity.ai/docs/sonar/openai-compatibility
  {
    prefix: 'perplexity',
    name: 'Perplexity',
    baseUrl: 'https://api.perplexity.ai',
    keyVariables: ['PERPLEXITYAI_API_KEY', 'PERPLEXITY_API_KEY'],
    keyRequired: true,
  },
  // @see https://openrouter.ai/docs/quickstart
  { prefix: 'openrouter', name: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', keyVariables: ['OPENROUTER_API_KEY', 'OR_API_KEY'], keyRequired: true },
  // @see https://docs.x.ai/api/integrations
  { prefix: 'xai', name: 'xAI', baseUrl: 'https://api.x.ai/v1', keyVariables: ['XAI_API_KEY'], keyRequired: true },
  // @see https://build.nvidia.com/ (API catalog: "All NIM APIs use a common base URL", integrate.api.nvidia.com/v1)
  { prefix: 'nvidia_nim', name: 'NVIDIA NIM', baseUrl: 'https://integrate.api.nvidia.com/v1', keyVariables: ['NVIDIA_NIM_API_KEY'], keyRequired: true },
  // A vLLM server only checks a key when started with --api-key, so none is required.
  // @see https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
  { prefix: 'hosted_vllm', name: 'vLLM (hosted)', keyVariables: ['HOSTED_VLLM_API_KEY'], keyRequired: false },
  // VLLM_API_KEY is the variable the vLLM server itself reads for --api-key.
  // @see https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
  { prefix: 'vllm', name: 'vLLM', keyVariables: ['VLLM_API_KEY'], keyRequired: false },
  // Text Generation Inference's Messages API (/v1/chat/completions); a local TGI has no auth, an Inference Endpoint
  // wants an HF token.
  // @see https://huggingface.co/docs/text-generation-inference/messages_api
  { prefix: 'huggingface', name: 'Hugging Face TGI', keyVariables: ['HF_TOKEN', 'HUGGINGFACE_API_KEY'], keyRequired: false },
  // @see https://lmstudio.ai/docs/api/openai-api
  { prefix: 'lm_studio', name: 'LM Studio', baseUrl: 'http://localhost:1234/v1', keyVariables: ['LM_STUDIO_API_KEY'], keyRequired: false },
];

/** Every preset, by prefix. */
export const openAIPresets: Readonly<Record<string, OpenAIPreset>> = Object.freeze(
  Object.fromEntries(presetList.map((preset) => [preset.prefix, Object.freeze({ ...preset, keyVariables: Object.freeze([...preset.keyVariables]) })])),
);
