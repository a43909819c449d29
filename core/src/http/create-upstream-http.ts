import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { GatewayError, UpstreamError } from '../errors/gateway-error.js';
import type { SecretScrubber } from '../secrets/secret-scrubber.js';
import { parseNdjson, parseSse } from '../sse/parse-sse.js';
import { mapOpenAIStyleError } from './map-upstream-error.js';
import { readBodyChunks } from './read-body-chunks.js';
import type { StreamFraming, UpstreamByteStream, UpstreamFailure, UpstreamHttp, UpstreamJson, UpstreamRequestInit, UpstreamStream } from './upstream-http.js';

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

/**
 * What aborts an upstream call: an AbortSignal, or core's per-call Cancellation, whose EventEmitter face undici
 * accepts as well (`on` / `once` / `removeListener` of 'abort').
 */
export interface CallAbort {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/** A provider's UpstreamHttp, with the abort each call falls back to when its init names no signal. */
export interface SharedUpstreamHttp extends UpstreamHttp {
  postJson<T = unknown>(url: string, init: UpstreamRequestInit, callAbort?: CallAbort): Promise<UpstreamJson<T>>;
  getJson<T = unknown>(url: string, init: Omit<UpstreamRequestInit, 'body'>, callAbort?: CallAbort): Promise<UpstreamJson<T>>;
  postStream(url: string, init: UpstreamRequestInit & { framing: StreamFraming }, callAbort?: CallAbort): Promise<UpstreamStream>;
  postByteStream(url: string, init: UpstreamRequestInit, callAbort?: CallAbort): Promise<UpstreamByteStream>;
}

/** Builds the UpstreamHttp a provider's calls share; `bindUpstreamHttp` gives one call its own abort. */
export function createUpstreamHttp(options: UpstreamHttpOptions): SharedUpstreamHttp {
  const { provider, dispatcher, scrubber } = options;

  const send = async (method: 'GET' | 'POST', url: string, init: UpstreamRequestInit, signal: CallAbort | undefined): Promise<Dispatcher.ResponseData> => {
    const body = init.body === undefined || typeof init.body === 'string' || Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body);
    // A body is JSON unless the provider says otherwise, so a provider that serialises its own (to sign the bytes) need not repeat it.
    const headers = body !== undefined && !hasContentType(init.headers) ? { ...init.headers, 'content-type': 'application/json' } : init.headers;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, { method, headers, body: body as string | Buffer | undefined, signal: signal as AbortSignal | undefined, dispatcher });
    } catch (error) {
      throw connectionError(provider, error, signal, url);
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return response;
    const failure = await readFailure(response);
    const mapped = init.mapError ? init.mapError(failure) : mapOpenAIStyleError(provider, failure);
    throw scrubError(mapped, scrubber);
  };

  const readJson = async <T>(response: Dispatcher.ResponseData, signal: CallAbort | undefined): Promise<UpstreamJson<T>> => {
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
    async postJson<T>(url: string, init: UpstreamRequestInit, callAbort?: CallAbort) {
      const signal = init.signal ?? callAbort;
      return readJson<T>(await send('POST', url, init, signal), signal);
    },
    async getJson<T>(url: string, init: Omit<UpstreamRequestInit, 'body'>, callAbort?: CallAbort) {
      const signal = init.signal ?? callAbort;
      return readJson<T>(await send('GET', url, init, signal), signal);
    },
    async postStream(url: string, init: UpstreamRequestInit & { framing: StreamFraming }, callAbort?: CallAbort): Promise<UpstreamStream> {
      const signal = init.signal ?? callAbort;
      const response = await send('POST', url, init, signal);
      const decode = init.framing === 'ndjson' ? parseNdjson : parseSse;
      return { status: response.statusCode, headers: response.headers, events: decode(readBodyChunks(response.body), (error) => connectionError(provider, error, signal)) };
    },
    async postByteStream(url: string, init: UpstreamRequestInit, callAbort?: CallAbort): Promise<UpstreamByteStream> {
      const signal = init.signal ?? callAbort;
      const response = await send('POST', url, init, signal);
      return { status: response.statusCode, headers: response.headers, body: mapReadErrors(readBodyChunks(response.body), (error) => connectionError(provider, error, signal)) };
    },
  };
}

/** One call's view of a provider's UpstreamHttp: requests that name no signal follow `callAbort`. */
export function bindUpstreamHttp(shared: SharedUpstreamHttp, callAbort: CallAbort): UpstreamHttp {
  return new CallHttp(shared, callAbort);
}

// A class, so binding costs one small object per call rather than four closures.
class CallHttp implements UpstreamHttp {
  constructor(
    private readonly shared: SharedUpstreamHttp,
    private readonly callAbort: CallAbort,
  ) {}

  postJson<T = unknown>(url: string, init: UpstreamRequestInit): Promise<UpstreamJson<T>> {
    return this.shared.postJson<T>(url, init, this.callAbort);
  }

  getJson<T = unknown>(url: string, init: Omit<UpstreamRequestInit, 'body'>): Promise<UpstreamJson<T>> {
    return this.shared.getJson<T>(url, init, this.callAbort);
  }

  postStream(url: string, init: UpstreamRequestInit & { framing: StreamFraming }): Promise<UpstreamStream> {
    return this.shared.postStream(url, init, this.callAbort);
  }

  postByteStream(url: string, init: UpstreamRequestInit): Promise<UpstreamByteStream> {
    return this.shared.postByteStream(url, init, this.callAbort);
  }
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
function connectionError(provider: string, error: unknown, signal: CallAbort | undefined, url?: string): GatewayError {
  if (GatewayError.isGatewayError(error)) return error;
  if (signal?.aborted) {
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
