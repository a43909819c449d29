import {
  AsyncSeriesBailHook,
  AsyncSeriesHook,
  AsyncSeriesWaterfallHook,
  SyncHook,
  SyncWaterfallHook,
} from 'tapable';
import type { ChatChunk } from '../openai/chat-types.js';
import type { Deployment } from '../provider/deployment.js';
import type {
  AttemptRecord,
  Dispatch,
  GatewayContext,
  GatewayRequest,
  GatewayResponse,
  Principal,
  RequestRecord,
} from './gateway-context.js';

/**
 * The request lifecycle as typed hooks, made anew for every gateway so two gateways in one process share nothing.
 * docs/architecture.md describes each one; the order below is the order they fire in.
 * Core skips a hook nobody tapped (`isUsed()`), so an unused hook costs one property read per request.
 */
export function createGatewayHooks() {
  return Object.freeze({
    /** Boot, once, after every plugin applied and before the first request: connect stores. A throw aborts start-up. */
    ready: new AsyncSeriesHook<[]>([]),
    /**
     * The request arrived and passed schema validation. Taps may inspect it and reject it by throwing a
     * GatewayError (a guardrail's 400, say); they return nothing. Any other throw is a 500 plugin_error.
     */
    requestReceived: new AsyncSeriesHook<[GatewayContext]>(['context']),
    /**
     * Who is calling. The first tap that recognises the caller returns a Principal; returning undefined passes to the
     * next tap. Throw a GatewayError (401 invalid_api_key) to refuse. If no tap returns one, the request is anonymous.
     */
    authenticate: new AsyncSeriesBailHook<[GatewayContext], Principal | undefined>(['context']),
    /** Rewrite the request (aliases, defaults, redaction). Each tap returns the request, changed or not. */
    transformRequest: new AsyncSeriesWaterfallHook<[GatewayRequest, GatewayContext]>(['request', 'context']),
    /** Budgets, rate limits, model access: refuse by throwing a GatewayError (403, 429); return nothing. */
    admit: new AsyncSeriesHook<[GatewayContext]>(['context']),
    /**
     * Answer without calling any upstream (a cache hit): return the response, or undefined to go on. For a streamed
     * request core turns the returned response into a stream.
     */
    respondEarly: new AsyncSeriesBailHook<[GatewayContext], GatewayResponse | undefined>(['context']),
    /**
     * Choose among the deployments serving the requested model name: return the list, filtered or reordered; core
     * calls the first. Called again for every retry or fallback a plugin makes through `runtime.selectDeployment`.
     * An empty list is a 503 service_unavailable.
     */
    selectDeployment: new AsyncSeriesWaterfallHook<[Deployment[], GatewayContext]>(['deployments', 'context']),
    /**
     * Called once, when the gateway is ready, to build the dispatch chain: each tap receives the dispatch so far and
     * returns one that wraps it (retries, fallbacks, in-flight counts). Taps with a lower stage sit nearer the upstream.
     */
    wrapDispatch: new SyncWaterfallHook<[Dispatch]>(['dispatch']),
    /** After each try against one deployment, success or not (latency, cooldown counting). Observers only. */
    attemptFinished: new SyncHook<[AttemptRecord, GatewayContext]>(['attempt', 'context']),
    /** Rewrite a whole JSON answer before it is sent. Each tap returns the response, changed or not. */
    transformResponse: new AsyncSeriesWaterfallHook<[GatewayResponse, GatewayContext]>(['response', 'context']),
    /** Rewrite one streamed chunk. Synchronous because it runs per chunk; each tap returns the chunk. */
    transformChunk: new SyncWaterfallHook<[ChatChunk, GatewayContext]>(['chunk', 'context']),
    /** The request succeeded; for streams, once the stream ended. Observers: never awaited, a throw is only logged. */
    requestSucceeded: new SyncHook<[RequestRecord]>(['record']),
    /** The request failed (before or during a stream). Observers, as above. */
    requestFailed: new SyncHook<[RequestRecord]>(['record']),
    /** The end of every request, after requestSucceeded or requestFailed. Observers, as above. */
    requestFinished: new SyncHook<[RequestRecord]>(['record']),
    /** Shutdown, after in-flight requests drained: flush and disconnect. */
    close: new AsyncSeriesHook<[]>([]),
  });
}

export type GatewayHooks = ReturnType<typeof createGatewayHooks>;

/** The hooks whose taps only observe: core isolates them so a throwing observer never fails a request. */
export const observerHooks = ['attemptFinished', 'requestSucceeded', 'requestFailed', 'requestFinished'] as const;
