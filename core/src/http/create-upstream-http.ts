import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { GatewayError, UpstreamError } from '../errors/gateway-error.js';
import type { SecretScrubber } from '../secrets/secret-scrubber.js';
import { parseNdjson, parseSse } from '../sse/parse-sse.js';
import { mapOpenAIStyleError } from './map-upstream-error.js';
import type { StreamFraming, UpstreamByteStream, UpstreamHttp, UpstreamJson, UpstreamRequestInit, UpstreamStream } from './upstream-http.js';
import { exchangeChunks, exchangeText, type CallAbort, type ExchangeAnswer, type ExchangeErrorMapper, type ExchangeRequest } from './upstream-exchange.js';

export type { CallAbort } from './upstream-exchange.js';

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

  const exchangeRequest = (method: 'GET' | 'POST', url: string, init: UpstreamRequestInit): ExchangeRequest => {
    const body = init.body === undefined || typeof init.body === 'string' || Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body);
    // A body is JSON unless the provider says otherwise, so a provider that serialises its own (to sign the bytes) need not repeat it.
    const headers = body !== undefined && !hasContentType(init.headers) ? { ...init.headers, 'content-type': 'application/json' } : init.headers;
    return { url, method, headers, body };
  };
  const errorMapper = (signal: CallAbort | undefined, url: string): ExchangeErrorMapper => (error, answered) => connectionError(provider, error, signal, answered ? undefined : url);
  /** The 2xx answer's body, or the non-2xx answer mapped and thrown. */
  const succeeded = <Body>(answer: ExchangeAnswer<Body>, init: UpstreamRequestInit): { status: number; headers: UpstreamJson['headers']; body: Body } => {
    if (answer.ok) return answer;
    const mapped = init.mapError ? init.mapError(answer.failure) : mapOpenAIStyleError(provider, answer.failure);
    throw scrubError(mapped, scrubber);
  };

  const readJson = async <T>(method: 'GET' | 'POST', url: string, init: UpstreamRequestInit, signal: CallAbort | undefined): Promise<UpstreamJson<T>> => {
    const answer = succeeded(await exchangeText(dispatcher, exchangeRequest(method, url, init), signal, errorMapper(signal, url)), init);
    let body: T;
    try {
      body = JSON.parse(answer.body) as T;
    } catch (error) {
      throw new UpstreamError({ provider, upstreamStatus: answer.status, code: 'upstream_invalid_response', message: `${provider} answered with a body that is not JSON`, cause: error, retryable: true });
    }
    return { status: answer.status, headers: answer.headers, body, text: answer.body };
  };
  const readChunks = async (url: string, init: UpstreamRequestInit, signal: CallAbort | undefined) =>
    succeeded(await exchangeChunks(dispatcher, exchangeRequest('POST', url, init), signal, errorMapper(signal, url)), init);

  return {
    postJson<T>(url: string, init: UpstreamRequestInit, callAbort?: CallAbort) {
      return readJson<T>('POST', url, init, init.signal ?? callAbort);
    },
    getJson<T>(url: string, init: Omit<UpstreamRequestInit, 'body'>, callAbort?: CallAbort) {
      return readJson<T>('GET', url, init, init.signal ?? callAbort);
    },
    async postStream(url: string, init: UpstreamRequestInit & { framing: StreamFraming }, callAbort?: CallAbort): Promise<UpstreamStream> {
      const answer = await readChunks(url, init, init.signal ?? callAbort);
      // The exchange maps its own read errors already.
      const events = init.framing === 'ndjson' ? parseNdjson(answer.body) : parseSse(answer.body);
      return { status: answer.status, headers: answer.headers, events };
    },
    async postByteStream(url: string, init: UpstreamRequestInit, callAbort?: CallAbort): Promise<UpstreamByteStream> {
      const answer = await readChunks(url, init, init.signal ?? callAbort);
      return { status: answer.status, headers: answer.headers, body: answer.body };
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
