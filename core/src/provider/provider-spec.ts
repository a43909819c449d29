import type { ChatChunk, ChatRequest, ChatResponse } from '../openai/chat-types.js';
import type { EmbeddingsRequest, EmbeddingsResponse, ModelObject } from '../openai/embeddings-types.js';
import type { UpstreamHttp } from '../http/upstream-http.js';
import type { Logger } from '../log/logger.js';
import type { Deployment } from './deployment.js';

/** What a provider receives with every call. */
export interface ProviderCall {
  readonly deployment: Deployment;
  /**
   * Aborted when the client goes away or the call times out. `call.http` follows it without being given it; pass it
   * to anything else that waits (a timer, another client). Read only when needed: it is made on first read.
   */
  readonly signal: AbortSignal;
  readonly http: UpstreamHttp;
  readonly requestId: string;
  readonly logger: Logger;
}

/**
 * The provider interface, version 1. A provider turns OpenAI-shaped requests into upstream calls and the answers back
 * into OpenAI shapes. Core owns HTTP, framing, timeouts, param checks and errors at the wire.
 */
export interface ProviderV1 {
  readonly specificationVersion: 'v1';
  /** Unique id, used in logs and errors ('openai'). */
  readonly id: string;
  /** The `litellm_params.model` prefixes this provider serves ('openai', 'groq', …). */
  readonly prefixes: readonly string[];
  /**
   * The request params the provider can carry for this deployment, beyond `model`, `messages` and `stream`;
   * undefined means every param is passed through. Core refuses (or, with drop_params, drops) any other.
   */
  supportedParams?(deployment: Deployment): ReadonlySet<string> | undefined;
  /** Checks a deployment at start-up; throw a message to stop boot (a missing api_base, say). */
  checkDeployment?(deployment: Deployment): void;
  readonly chat: {
    complete(request: ChatRequest, call: ProviderCall): Promise<ChatResponse>;
    /** Resolves once the upstream has accepted the call; errors after that surface from the iterator. */
    stream(request: ChatRequest, call: ProviderCall): Promise<AsyncIterable<ChatChunk>>;
  };
  readonly embeddings?: {
    create(request: EmbeddingsRequest, call: ProviderCall): Promise<EmbeddingsResponse>;
  };
  /** The models the upstream offers, for deployments whose model name is a wildcard. */
  listModels?(call: ProviderCall): Promise<ModelObject[]>;
}

/** Declares a provider; the identity function that gives the object its type. */
export function defineProvider<T extends ProviderV1>(provider: T): T {
  return provider;
}

export function isProviderV1(value: unknown): value is ProviderV1 {
  const candidate = value as Partial<ProviderV1> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.specificationVersion === 'v1' &&
    typeof candidate.id === 'string' &&
    Array.isArray(candidate.prefixes) &&
    typeof candidate.chat?.complete === 'function' &&
    typeof candidate.chat?.stream === 'function'
  );
}
