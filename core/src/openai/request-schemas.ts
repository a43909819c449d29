/**
 * JSON schemas of the OpenAI requests the gateway accepts, checked with ajv before anything else runs.
 * Written from the OpenAI API reference (CreateChatCompletionRequest, CreateEmbeddingRequest); a test checks them
 * against shared/specs/openai-openapi.yaml. Unknown top-level params pass here and are checked against what the
 * chosen provider supports.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

const textPart = {
  type: 'object',
  required: ['type', 'text'],
  properties: { type: { const: 'text' }, text: { type: 'string' } },
} as const;

const contentPart = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['text', 'image_url', 'input_audio', 'file', 'refusal'] },
  },
  allOf: [
    { if: { properties: { type: { const: 'text' } } }, then: { required: ['text'], properties: { text: { type: 'string' } } } },
    {
      if: { properties: { type: { const: 'image_url' } } },
      then: {
        required: ['image_url'],
        properties: {
          image_url: {
            type: 'object',
            required: ['url'],
            properties: { url: { type: 'string', minLength: 1 }, detail: { enum: ['auto', 'low', 'high'] } },
          },
        },
      },
    },
    {
      if: { properties: { type: { const: 'input_audio' } } },
      then: {
        required: ['input_audio'],
        properties: { input_audio: { type: 'object', required: ['data', 'format'], properties: { data: { type: 'string' }, format: { type: 'string' } } } },
      },
    },
    { if: { properties: { type: { const: 'file' } } }, then: { required: ['file'], properties: { file: { type: 'object' } } } },
    { if: { properties: { type: { const: 'refusal' } } }, then: { required: ['refusal'], properties: { refusal: { type: 'string' } } } },
  ],
} as const;

const toolCall = {
  type: 'object',
  required: ['id', 'type', 'function'],
  properties: {
    id: { type: 'string' },
    type: { const: 'function' },
    function: { type: 'object', required: ['name', 'arguments'], properties: { name: { type: 'string' }, arguments: { type: 'string' } } },
  },
} as const;

const textOrParts = { anyOf: [{ type: 'string' }, { type: 'array', items: textPart }] } as const;

const message = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { enum: ['system', 'developer', 'user', 'assistant', 'tool', 'function'] },
    name: { type: 'string' },
  },
  allOf: [
    { if: { properties: { role: { enum: ['system', 'developer'] } } }, then: { required: ['content'], properties: { content: textOrParts } } },
    {
      if: { properties: { role: { const: 'user' } } },
      then: { required: ['content'], properties: { content: { anyOf: [{ type: 'string' }, { type: 'array', items: contentPart }] } } },
    },
    {
      if: { properties: { role: { const: 'assistant' } } },
      then: {
        properties: {
          content: { anyOf: [{ type: 'string' }, { type: 'null' }, { type: 'array', items: contentPart }] },
          tool_calls: { type: 'array', items: toolCall },
          refusal: { type: ['string', 'null'] },
        },
      },
    },
    {
      if: { properties: { role: { const: 'tool' } } },
      then: { required: ['content', 'tool_call_id'], properties: { content: textOrParts, tool_call_id: { type: 'string' } } },
    },
    {
      if: { properties: { role: { const: 'function' } } },
      then: { required: ['name'], properties: { content: { type: ['string', 'null'] } } },
    },
  ],
} as const;

const tool = {
  type: 'object',
  required: ['type', 'function'],
  properties: {
    type: { const: 'function' },
    function: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9_.-]+$' },
        description: { type: 'string' },
        parameters: { type: 'object' },
        strict: { type: ['boolean', 'null'] },
      },
    },
  },
} as const;

const toolChoice = {
  anyOf: [
    { enum: ['none', 'auto', 'required'] },
    {
      type: 'object',
      required: ['type', 'function'],
      properties: { type: { const: 'function' }, function: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
    },
  ],
} as const;

const responseFormat = {
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['text', 'json_object', 'json_schema'] } },
  if: { properties: { type: { const: 'json_schema' } } },
  then: {
    required: ['json_schema'],
    properties: {
      json_schema: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, description: { type: 'string' }, schema: { type: 'object' }, strict: { type: ['boolean', 'null'] } },
      },
    },
  },
} as const;

const nullableNumber = (minimum: number, maximum: number) => ({ type: ['number', 'null'], minimum, maximum }) as const;

/** Chat params core itself knows; a provider declares which of these (and others) it carries. */
export const chatRequestSchema = {
  type: 'object',
  required: ['model', 'messages'],
  properties: {
    model: { type: 'string', minLength: 1 },
    messages: { type: 'array', minItems: 1, items: message },
    stream: { type: ['boolean', 'null'] },
    stream_options: {
      type: ['object', 'null'],
      properties: { include_usage: { type: 'boolean' }, include_obfuscation: { type: 'boolean' } },
    },
    tools: { type: 'array', items: tool },
    tool_choice: toolChoice,
    parallel_tool_calls: { type: 'boolean' },
    response_format: responseFormat,
    n: { type: ['integer', 'null'], minimum: 1, maximum: 128 },
    stop: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }, { type: 'null' }] },
    temperature: nullableNumber(0, 2),
    top_p: nullableNumber(0, 1),
    max_tokens: { type: ['integer', 'null'], minimum: 1 },
    max_completion_tokens: { type: ['integer', 'null'], minimum: 1 },
    presence_penalty: nullableNumber(-2, 2),
    frequency_penalty: nullableNumber(-2, 2),
    logit_bias: { type: ['object', 'null'], additionalProperties: { type: 'number', minimum: -100, maximum: 100 } },
    logprobs: { type: ['boolean', 'null'] },
    top_logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 20 },
    seed: { type: ['integer', 'null'] },
    user: { type: 'string' },
    reasoning_effort: { type: ['string', 'null'], enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', null] },
    metadata: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
    store: { type: ['boolean', 'null'] },
    service_tier: { type: ['string', 'null'] },
    modalities: { type: ['array', 'null'], items: { enum: ['text', 'audio'] } },
    audio: { type: ['object', 'null'] },
    prediction: { type: ['object', 'null'] },
    web_search_options: { type: 'object' },
    verbosity: { type: ['string', 'null'], enum: ['low', 'medium', 'high', null] },
    prompt_cache_key: { type: 'string' },
    safety_identifier: { type: 'string' },
    functions: { type: 'array' },
    function_call: { anyOf: [{ type: 'string' }, { type: 'object' }] },
  },
} as const;

export const embeddingsRequestSchema = {
  type: 'object',
  required: ['model', 'input'],
  properties: {
    model: { type: 'string', minLength: 1 },
    input: {
      anyOf: [
        { type: 'string' },
        { type: 'array', minItems: 1, items: { type: 'string' } },
        { type: 'array', minItems: 1, items: { type: 'integer' } },
        { type: 'array', minItems: 1, items: { type: 'array', minItems: 1, items: { type: 'integer' } } },
      ],
    },
    encoding_format: { enum: ['float', 'base64'] },
    dimensions: { type: 'integer', minimum: 1 },
    user: { type: 'string' },
  },
} as const;

/**
 * The pseudo-param a provider lists in `supportedParams` when it carries a message's `name` (the participant's name,
 * which multi-agent clients set). For a provider that does not, a named message is refused like any unsupported
 * param (param `messages[i].name`), or the name is dropped where drop_params is set.
 */
export const messageNameParam = 'message.name';

/** Params that are never a provider's business: always allowed, whatever the provider declares. */
export const alwaysCarriedParams: ReadonlySet<string> = new Set(['model', 'messages', 'stream', 'input']);

/** The chat params OpenAI defines, so a `litellm_params` key among them is a request default, not a provider setting. */
export const chatParamNames: ReadonlySet<string> = new Set(Object.keys(chatRequestSchema.properties));

/**
 * Fields a client could use to choose where the gateway connects or with which credentials. The config alone decides
 * that, so a request carrying one is refused.
 */
export const forbiddenRequestParams: ReadonlySet<string> = new Set([
  'api_base',
  'base_url',
  'api_key',
  'api_version',
  'custom_llm_provider',
  'extra_headers',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_region_name',
  'vertex_credentials',
  'vertex_project',
  'vertex_location',
  'azure_ad_token',
  'tenant_id',
  'client_id',
  'client_secret',
]);

/** Prefixes of provider connection settings (`aws_profile_name`, `vertex_ai_location`, `azure_scope`…), refused like the names above. */
export const forbiddenRequestParamPrefixes: readonly string[] = ['aws_', 'vertex_', 'azure_'];

/** Whether a request field would choose where or how the gateway connects upstream. */
export function isForbiddenRequestParam(key: string): boolean {
  return forbiddenRequestParams.has(key) || forbiddenRequestParamPrefixes.some((prefix) => key.startsWith(prefix));
}
