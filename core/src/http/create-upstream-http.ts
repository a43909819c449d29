import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { GatewayError, UpstreamError } from '../errors/gateway-error.js';
import type { SecretScrubber } from '../secrets/secret-scrubber.js';
import { parseNdjson, parseSse } from '../sse/parse-sse.js';
import { mapOpenAIStyleError } from './map-upstream-error.js';
import { readBodyChunks } from './read-body-chunks.js';
import type { UpstreamByteStream, UpstreamFailure, UpstreamHttp, UpstreamJson, UpstreamRequestInit, UpstreamStream, StreamFraming } from './upstream-http.js';

const maxErrorBody = 64 * 1024;

export interface UpstreamHttpOptions {
  /** The provider id, named in errors. */
  provider: string;
  dispatcher: Dispatcher;
  scrubber: SecretScrubber;
}

/** One keep-alive agent for every upstream call in the process, so sockets are reused across requests. */
export function createUpstreamAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 256, pipelining: 1 });
}

/** Builds the UpstreamHttp a provider call uses. */
export function createUpstreamHttp(options: UpstreamHttpOptions): UpstreamHttp {
  const { provider, dispatcher, scrubber } = options;

  const send = async (method: 'GET' | 'POST', url: string, init: UpstreamRequestInit): Promise<Dispatcher.ResponseData> => {
    const body = init.body === undefined || typeof init.body === 'string' || Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body);
    // A body is JSON unless the provider says otherwise, so a provider that serialises its own (to sign the bytes) need not repeat it.
    const headers = body !== undefined && !hasContentType(init.headers) ? { ...init.headers, 'content-type': 'application/json' } : init.headers;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, { method, headers, body: body as string | Buffer | undefined, signal: init.signal, dispatcher });
    } catch (error) {
      throw connectionError(provider, error, init.signal, url);
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return response;
    const failure = await readFailure(response);
    const mapped = init.mapError ? init.mapError(failure) : mapOpenAIStyleError(provider, failure);
    throw scrubError(mapped, scrubber);
  };

  const readJson = async <T>(response: Dispatcher.ResponseData, signal: AbortSignal): Promise<UpstreamJson<T>> => {
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw connectionError(provider, error, signal);
    }
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch (error) {
      throw new UpstreamError({ provider, upstreamStatus: response.statusCode, code: 'upstream_invalid_response', message: `${provider} answered with a body that is not JSON`, cause: error, retryable: true });
    }
    return { status: response.statusCode, headers: response.headers, body, text };
  };

  return {
    async postJson<T>(url: string, init: UpstreamRequestInit) {
      return readJson<T>(await send('POST', url, init), init.signal);
    },
    async getJson<T>(url: string, init: Omit<UpstreamRequestInit, 'body'>) {
      return readJson<T>(await send('GET', url, init), init.signal);
    },
    async postStream(url: string, init: UpstreamRequestInit & { framing: StreamFraming }): Promise<UpstreamStream> {
      const response = await send('POST', url, init);
      const decode = init.framing === 'ndjson' ? parseNdjson : parseSse;
      return { status: response.statusCode, headers: response.headers, events: decode(readBodyChunks(response.body), (error) => connectionError(provider, error, init.signal)) };
    },
    async postByteStream(url: string, init: UpstreamRequestInit): Promise<UpstreamByteStream> {
      const response = await send('POST', url, init);
      return { status: response.statusCode, headers: response.headers, body: mapReadErrors(readBodyChunks(response.body), (error) => connectionError(provider, error, init.signal)) };
    },
  };
}

async function* mapReadErrors(chunks: AsyncIterable<Buffer>, mapError: (error: unknown) => GatewayError): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    throw mapError(error);
  }
}

async function readFailure(response: Dispatcher.ResponseData): Promise<UpstreamFailure> {
  let bodyText = '';
  try {
    for await (const chunk of response.body) {
      bodyText += chunk.toString();
      if (bodyText.length >= maxErrorBody) {
        bodyText = bodyText.slice(0, maxErrorBody);
        response.body.destroy();
        break;
      }
    }
  } catch {
    // A body cut short still leaves the status to map.
  }
  return { status: response.statusCode, headers: response.headers, bodyText };
}

function hasContentType(headers: Record<string, string>): boolean {
  for (const name in headers) if (name.toLowerCase() === 'content-type') return true;
  return false;
}

/** Where a call went, for messages: scheme, host and port only, so no credential in a URL's user info or query shows. */
function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Maps an abort, a timeout or a broken connection to the error a client should see. */
function connectionError(provider: string, error: unknown, signal: AbortSignal, url?: string): GatewayError {
  if (GatewayError.isGatewayError(error)) return error;
  if (signal.aborted) {
    const reason = signal.reason as unknown;
    if (GatewayError.isGatewayError(reason)) return reason;
    return new GatewayError({ message: 'the request was cancelled', code: 'client_closed', cause: error });
  }
  const origin = originOf(url);
  const timedOut = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
  return new UpstreamError({
    provider,
    code: timedOut ? 'upstream_timeout' : 'upstream_unreachable',
    message: timedOut
      ? `${provider} did not answer in time`
      : `could not reach ${provider}${origin === undefined ? '' : ` at ${origin}`}: ${(error as Error)?.message ?? String(error)}`,
    retryable: true,
    cause: error,
  });
}

function scrubError(error: GatewayError, scrubber: SecretScrubber): GatewayError {
  const scrubbed = scrubber.scrub(error.message);
  if (scrubbed !== error.message) Object.defineProperty(error, 'message', { value: scrubbed });
  return error;
}
