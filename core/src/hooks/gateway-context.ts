import type { GatewayError } from '../errors/gateway-error.js';
import type { ChatChunk, ChatRequest, ChatResponse, Usage } from '../openai/chat-types.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../openai/embeddings-types.js';
import type { Deployment } from '../provider/deployment.js';

export type Endpoint = 'chat' | 'embeddings';
export type GatewayRequest = ChatRequest | EmbeddingsRequest;
export type GatewayResponse = ChatResponse | EmbeddingsResponse;

/** Who is calling, as the first `authenticate` tap that recognised them says. */
export interface Principal {
  readonly id: string;
  readonly name?: string;
  /** Facts for other plugins (team, allowed models, budget id…), documented by the plugin that sets them. */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** What the dispatch produced: a whole answer, or a stream that already yielded its first chunk without error. */
export type DispatchResult =
  | { readonly kind: 'response'; readonly response: GatewayResponse }
  | { readonly kind: 'stream'; readonly stream: AsyncIterable<ChatChunk> };

/** One try against one deployment. Core records every one, including those a fallback plugin makes. */
export interface AttemptRecord {
  readonly deployment: Deployment;
  readonly startedAt: number;
  /** Milliseconds until the answer (JSON) or the first chunk (stream) came, or until the failure. */
  readonly latencyMs: number;
  readonly error?: GatewayError;
}

/**
 * One request's state, from arrival to the end. Core owns every field; plugins read them and set only `principal`,
 * `costUsd` and `responseHeaders`. Private per-request state belongs in a plugin's own WeakMap keyed by the context.
 */
export interface GatewayContext {
  readonly id: string;
  readonly endpoint: Endpoint;
  /** Clock time (ms) when the request arrived. */
  readonly startedAt: number;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** The incoming request headers (lower-case names). Never log them: they carry credentials. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The request as the client sent it, after validation and `transformRequest`. */
  request: GatewayRequest;
  /** Whether the client asked for a stream. */
  readonly stream: boolean;
  /** Top-level request fields that plugins declared in `requestParams`, taken out of the request before dispatch. */
  readonly gatewayParams: Readonly<Record<string, unknown>>;
  principal?: Principal;
  /** The deployment of the latest attempt. */
  deployment?: Deployment;
  readonly attempts: AttemptRecord[];
  /** Token usage of the answer; for streams, from the chunk that carries it, filled when an observer hook is tapped. */
  usage?: Usage;
  costUsd?: number;
  /** Extra headers for the client's response (e.g. which deployment answered); set before the body starts. */
  readonly responseHeaders: Record<string, string>;
}

/** What observers receive once a request is over. */
export interface RequestRecord {
  readonly context: GatewayContext;
  /** HTTP status the client got (200 for a stream that later failed mid-way; see `error`). */
  readonly status: number;
  /** The answer, when it was a JSON one. Streams are not assembled: tap `transformChunk` to see the chunks. */
  readonly response?: GatewayResponse;
  readonly error?: GatewayError;
  readonly usage?: Usage;
  /** True when `respondEarly` answered and no upstream was called. */
  readonly answeredEarly: boolean;
  /** Milliseconds from arrival to the last byte. */
  readonly durationMs: number;
  /** For streams: milliseconds from arrival to the first chunk. */
  readonly timeToFirstChunkMs?: number;
}

/** What a wrapper may hand the dispatch it wraps. */
export interface DispatchOptions {
  /** Aborts this attempt (a whole-call deadline, say); the dispatch rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * The call to one deployment. Plugins wrap it (retries, fallbacks, in-flight counts) through `wrapDispatch`; a wrapper
 * passes `options` on to the dispatch it wraps.
 */
export type Dispatch = (context: GatewayContext, deployment: Deployment, options?: DispatchOptions) => Promise<DispatchResult>;
