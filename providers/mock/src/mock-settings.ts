import { GatewayError, type Deployment } from '@switchyard/core';

/** How a mock deployment behaves, read from its `litellm_params` (all optional). */
export interface MockSettings {
  /** Fixed answer text; without it the mock echoes the last user message. */
  mock_response?: string;
  /** Milliseconds before the answer (or the first chunk). */
  mock_latency_ms: number;
  /** Milliseconds between streamed chunks. */
  mock_chunk_delay_ms: number;
  /** Words per streamed chunk. */
  mock_words_per_chunk: number;
  /** Fixed usage numbers; by default about one token per four characters. */
  mock_prompt_tokens?: number;
  mock_completion_tokens?: number;
  /** Embedding size when the request gives no `dimensions`. */
  mock_dimensions: number;
  /** Answer every call with this error, to rehearse failure handling. */
  mock_error?: { status: number; message: string; code?: string; type?: string };
}

const numberKeys = ['mock_latency_ms', 'mock_chunk_delay_ms', 'mock_words_per_chunk', 'mock_prompt_tokens', 'mock_completion_tokens', 'mock_dimensions'] as const;

export function readMockSettings(deployment: Deployment): MockSettings {
  const params = deployment.provider_params;
  const out: Record<string, unknown> = { mock_latency_ms: 0, mock_chunk_delay_ms: 0, mock_words_per_chunk: 1, mock_dimensions: 8 };
  for (const key of numberKeys) {
    const value = params[key];
    if (value === undefined) continue;
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0) throw new Error(`litellm_params.${key} must be a non-negative number`);
    out[key] = number;
  }
  if (params.mock_response !== undefined) out.mock_response = String(params.mock_response);
  if (params.mock_error !== undefined) out.mock_error = params.mock_error;
  return out as unknown as MockSettings;
}

export function mockFailure(settings: MockSettings): GatewayError | undefined {
  const error = settings.mock_error;
  if (!error) return undefined;
  return new GatewayError({ status: error.status, code: error.code ?? 'mock_error', type: error.type ?? 'mock_error', message: error.message, retryable: error.status === 429 || error.status >= 500 });
}
