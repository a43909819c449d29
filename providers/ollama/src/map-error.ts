import { errorClassOfStatus, headerValue, maskSecret, saysContextWindowExceeded, upstreamError, type ErrorClass, type GatewayError, type UpstreamFailure } from '@switchyard/core';

/*
 * Ollama answers errors as {"error": "<message>"} with a plain HTTP status: 400 (bad request, a model that cannot
 * chat, think or call tools), 404 (model not found), 429 (ollama.com rate limit), 500 (the model failed), 502 (a cloud
 * model out of reach), 503 (the server's request queue is full). Mid-stream, the same object arrives as an NDJSON
 * line with the status already sent. The message is kept, prefixed `ollama: `; a message about the context window
 * is a ContextWindowExceededError whatever the status, since Ollama sends some of those as a 500.
 * @see https://docs.ollama.com/api/errors
 * @see https://github.com/ollama/ollama/blob/main/server/routes.go (ChatHandler, handleScheduleError)
 */

// Below this length a "key" is a placeholder, and masking it would mangle ordinary words.
const shortestMaskedKey = 8;

const modelNotFound = /\bmodel\b.*\bnot found\b/i;

/** Maps a non-2xx answer of Ollama. `apiKey` is masked wherever the body echoes it. */
export function mapOllamaError(failure: UpstreamFailure, apiKey?: string): GatewayError {
  return classify(failure.status, messageOf(failure.bodyText, failure.status), failure.headers, apiKey);
}

/** Maps an `{"error": …}` line of a stream (or an error body that came with a 2xx). */
export function mapOllamaErrorPayload(payload: { error?: unknown; status?: unknown }, apiKey?: string): GatewayError {
  const status = typeof payload.status === 'number' && payload.status >= 400 && payload.status <= 599 ? payload.status : 500;
  const message = typeof payload.error === 'string' && payload.error !== '' ? payload.error : JSON.stringify(payload.error ?? null);
  return classify(status, message, {}, apiKey);
}

function classify(status: number, rawMessage: string, headers: UpstreamFailure['headers'], apiKey: string | undefined): GatewayError {
  const message = `ollama: ${mask(rawMessage, apiKey)}`;
  let errorClass: ErrorClass = errorClassOfStatus(status);
  if (saysContextWindowExceeded(rawMessage)) errorClass = 'ContextWindowExceededError';
  const kept: Record<string, string> = {};
  const retryAfter = headerValue(headers['retry-after']);
  if (retryAfter !== undefined && (errorClass === 'RateLimitError' || errorClass === 'ServiceUnavailableError')) kept['retry-after'] = retryAfter;
  const code = errorClass === 'NotFoundError' && modelNotFound.test(rawMessage) ? 'model_not_found' : undefined;
  return upstreamError(errorClass, { provider: 'ollama', upstreamStatus: status, message, headers: kept, ...(code ? { code } : {}) });
}

/** The `error` string of Ollama's JSON body; a body that is not that shape (a proxy's HTML page) is shown as text. */
function messageOf(bodyText: string, status: number): string {
  const text = bodyText.trim();
  if (text === '') return `HTTP ${status} with an empty body`;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed?.error === 'string' && parsed.error !== '') return parsed.error;
    if (typeof parsed?.error === 'object' && parsed.error !== null && typeof (parsed.error as { message?: unknown }).message === 'string') {
      return (parsed.error as { message: string }).message;
    }
  } catch {
    // Not JSON: the text itself is the message.
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

function mask(text: string, apiKey: string | undefined): string {
  return apiKey !== undefined && apiKey.length >= shortestMaskedKey ? text.split(apiKey).join(maskSecret(apiKey)) : text;
}
