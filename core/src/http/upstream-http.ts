import type { GatewayError } from '../errors/gateway-error.js';
import type { UpstreamEvent } from '../sse/parse-sse.js';

/** What an upstream answered when it did not succeed, for a provider's error mapping. */
export interface UpstreamFailure {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as text, cut to 64 KiB. */
  readonly bodyText: string;
}

export interface UpstreamRequestInit {
  readonly headers: Record<string, string>;
  /** Serialised once by core; a string or Buffer is sent as it is. */
  readonly body?: unknown;
  /**
   * Leave it out: `call.http` already follows the call's own signal (the client leaving, the timeout) without making
   * an AbortSignal, which costs ~5 µs per call. A signal given here replaces the call's.
   */
  readonly signal?: AbortSignal;
  /** Maps a non-2xx answer to the error the client sees; core's OpenAI-style mapping when absent. */
  readonly mapError?: (failure: UpstreamFailure) => GatewayError;
}

export interface UpstreamJson<T = unknown> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: T;
  /** The body's text exactly as received, so an unchanged answer can be written without serialising it again. */
  readonly text: string;
}

export type StreamFraming = 'sse' | 'ndjson';

export interface UpstreamStream {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly events: AsyncIterable<UpstreamEvent>;
}

/** A streamed answer in a framing core does not decode (AWS's binary event stream), as the bytes arrived. */
export interface UpstreamByteStream {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** A broken connection or an abort surfaces here as the same GatewayError the other methods throw. */
  readonly body: AsyncIterable<Uint8Array>;
}

/**
 * Core's HTTP client for providers: one shared keep-alive undici agent, timeouts, abort, error mapping and stream
 * framing. A provider builds URLs, headers and bodies and never touches sockets or SSE lines.
 */
export interface UpstreamHttp {
  postJson<T = unknown>(url: string, init: UpstreamRequestInit): Promise<UpstreamJson<T>>;
  getJson<T = unknown>(url: string, init: Omit<UpstreamRequestInit, 'body'>): Promise<UpstreamJson<T>>;
  /** POSTs and decodes the answer's framing; resolves once the status is known (non-2xx rejects). */
  postStream(url: string, init: UpstreamRequestInit & { framing: StreamFraming }): Promise<UpstreamStream>;
  /** POSTs and hands over the answer's raw bytes for the provider to decode; resolves once the status is known. */
  postByteStream(url: string, init: UpstreamRequestInit): Promise<UpstreamByteStream>;
}
