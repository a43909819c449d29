/*
 * The OpenAI params (beyond model, messages, stream) the Anthropic mapping carries; core refuses any other with a
 * 400 naming it, or drops it under drop_params. `thinking` and `top_k` are Anthropic's own, taken as LiteLLM takes
 * them. `n` is listed so that n: 1 passes; n > 1 is refused in map-request.
 * @see https://docs.anthropic.com/en/api/messages
 */
export const anthropicSupportedParams: ReadonlySet<string> = Object.freeze(
  new Set([
    'max_tokens',
    'max_completion_tokens',
    'n',
    'stop',
    'temperature',
    'top_p',
    'top_k',
    'user',
    'tools',
    'tool_choice',
    'parallel_tool_calls',
    'response_format',
    'reasoning_effort',
    'thinking',
    'stream_options',
  ]),
);
