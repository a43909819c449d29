import { GatewayError, UnsupportedParameterError, toGatewayError } from '../errors/gateway-error.js';
import type { GatewayHooks } from '../hooks/create-gateway-hooks.js';
import type { Dispatch, DispatchResult, GatewayContext } from '../hooks/gateway-context.js';
import { bindUpstreamHttp, type SharedUpstreamHttp } from '../http/create-upstream-http.js';
import type { UpstreamHttp } from '../http/upstream-http.js';
import type { Logger } from '../log/logger.js';
import type { ChatChunk, ChatMessage, ChatRequest } from '../openai/chat-types.js';
import type { EmbeddingsRequest } from '../openai/embeddings-types.js';
import { alwaysCarriedParams, messageNameParam } from '../openai/request-schemas.js';
import type { Clock } from '../plugin/plugin-spec.js';
import type { Deployment } from '../provider/deployment.js';
import type { ProviderCall, ProviderV1 } from '../provider/provider-spec.js';
import type { ProviderRegistry } from '../provider/provider-registry.js';
import { readyReader, type ReadyIterator } from '../sse/ready-iterator.js';
import { Cancellation } from './cancellation.js';
import { RequestContext } from './request-context.js';

export interface CoreDispatchOptions {
  hooks: GatewayHooks;
  registry: ProviderRegistry;
  httpFor: (provider: ProviderV1) => SharedUpstreamHttp;
  logger: Logger;
  clock: Clock;
  /** Seconds for one upstream call when the deployment sets no timeout. */
  defaultTimeout: number;
  dropParams: boolean;
}

/**
 * The innermost dispatch: one call to one deployment's provider, with the deployment's request defaults, the param
 * check, a timeout, and an attempt record. A stream is returned only after its first chunk arrived, so a failure
 * before any byte reached the client is an ordinary rejected dispatch that a fallback plugin can retry.
 */
export function createCoreDispatch(options: CoreDispatchOptions): Dispatch {
  const { hooks, registry, httpFor, logger, clock } = options;
  // Whether a hook that reads a finished request's usage is tapped: taps are fixed once the gateway has started.
  const observed = () => hooks.requestSucceeded.isUsed() || hooks.requestFailed.isUsed() || hooks.requestFinished.isUsed();
  const supported = new WeakMap<Deployment, ReadonlySet<string> | undefined>();

  return async (context, deployment, dispatchOptions) => {
    const provider = registry.get(deployment.provider);
    if (provider === undefined) throw new GatewayError({ code: 'internal_error', message: `no provider for ${deployment.provider}`, expose: false });
    context.deployment = deployment;
    const startedAt = clock.now();
    const finishAttempt = (error?: GatewayError) => {
      const attempt = { deployment, startedAt, latencyMs: clock.now() - startedAt, ...(error ? { error } : {}) };
      context.attempts.push(attempt);
      if (hooks.attemptFinished.isUsed()) hooks.attemptFinished.call(attempt, context);
    };

    // The attempt's own abort: the timeout, the client leaving, or the wrapper's signal. No AbortSignal is made
    // unless the provider reads call.signal (cancellation.ts).
    const attemptAbort = new Cancellation();
    const timeoutSeconds = (context.stream ? deployment.stream_timeout : undefined) ?? deployment.timeout ?? options.defaultTimeout;
    const timeoutError = () =>
      new GatewayError({ code: 'upstream_timeout', message: `${deployment.provider} did not answer within ${timeoutSeconds}s`, retryable: true });
    let timer = setTimeout(() => attemptAbort.abort(timeoutError()), timeoutSeconds * 1000);
    // An in-process caller may abort with any reason (an AbortError by default); it is still the client going away.
    const outer = dispatchOptions?.signal;
    const onOuterAbort = () => attemptAbort.abort(outer!.reason);
    if (outer?.aborted) onOuterAbort();
    else outer?.addEventListener('abort', onOuterAbort, { once: true });
    // The client leaving aborts the attempt; core's own contexts say so without an AbortSignal (cancellation.ts).
    const cancellation = RequestContext.cancellationOf(context) ?? new Cancellation(context.signal);
    const onClientAbort = () =>
      attemptAbort.abort(
        GatewayError.isGatewayError(cancellation.reason)
          ? cancellation.reason
          : new GatewayError({ code: 'client_closed', message: 'The caller cancelled the request.', cause: cancellation.reason }),
      );
    if (cancellation.aborted) onClientAbort();
    else cancellation.onAbort(onClientAbort);
    const release = () => {
      clearTimeout(timer);
      cancellation.offAbort(onClientAbort);
      outer?.removeEventListener('abort', onOuterAbort);
    };

    try {
      if (!supported.has(deployment)) supported.set(deployment, provider.supportedParams?.(deployment));
      let request = upstreamRequest(context.request, deployment, supported.get(deployment), provider.id, options.dropParams);
      if (context.stream && observed() && (request as ChatRequest).stream_options?.include_usage !== true) {
        // Observers (spend, budgets, logs) need a stream's usage whether or not the client asked for it; the pipeline
        // keeps the usage chunk from a client that did not.
        request = { ...request, stream_options: { ...(request as ChatRequest).stream_options, include_usage: true } } as ChatRequest;
      }
      const call = new AttemptCall(deployment, attemptAbort, bindUpstreamHttp(httpFor(provider), attemptAbort), context.id, logger);
      let result: DispatchResult;
      if (context.endpoint === 'embeddings') {
        if (!provider.embeddings) throw new GatewayError({ code: 'invalid_request', param: 'model', message: `${provider.id} does not serve embeddings` });
        result = { kind: 'response', response: await provider.embeddings.create(request as EmbeddingsRequest, call) };
      } else if (context.stream) {
        const stream = await provider.chat.stream(request as ChatRequest, call);
        const iterator = stream[Symbol.asyncIterator]();
        const first = await iterator.next();
        // The timeout now guards each gap between chunks. A chunk only notes the time; one timer checks it, since
        // re-arming a timer per chunk costs more than the rest of the chunk's handling.
        const idleLimit = timeoutSeconds * 1000;
        let lastChunkAt = clock.now();
        const rearm = () => {
          lastChunkAt = clock.now();
        };
        const checkIdle = () => {
          const idle = clock.now() - lastChunkAt;
          if (idle >= idleLimit) attemptAbort.abort(timeoutError());
          else timer = setTimeout(checkIdle, idleLimit - idle);
        };
        clearTimeout(timer);
        timer = setTimeout(checkIdle, idleLimit);
        finishAttempt();
        return { kind: 'stream', stream: continueStream(first, iterator, rearm, release) };
      } else {
        result = { kind: 'response', response: await provider.chat.complete(request as ChatRequest, call) };
      }
      release();
      finishAttempt();
      return result;
    } catch (error) {
      release();
      const failure = attemptAbort.aborted && !GatewayError.isGatewayError(error) ? toGatewayError(attemptAbort.reason ?? error) : toGatewayError(error);
      finishAttempt(failure);
      throw failure;
    }
  };
}

/**
 * The rest of a stream after its first chunk: re-arms the idle timeout per chunk, releases the timer at the end, and
 * turns a connection lost mid-way into `stream_interrupted`. A plain iterator, not a generator: it runs per chunk,
 * and a generator's queue costs more than one await. It passes on chunks the provider already holds without one.
 */
function continueStream(
  first: IteratorResult<ChatChunk>,
  iterator: AsyncIterator<ChatChunk>,
  rearm: () => void,
  release: () => void,
): ReadyIterator<ChatChunk> {
  let held: IteratorResult<ChatChunk> | undefined = first;
  let ended = false;
  const readyFromProvider = readyReader(iterator);
  const end = () => {
    ended = true;
    release();
  };
  const note = (result: IteratorResult<ChatChunk>) => {
    if (result.done) end();
    else rearm();
    return result;
  };
  const stream: ReadyIterator<ChatChunk> = {
    [Symbol.asyncIterator]: () => stream,
    nextReady() {
      if (held !== undefined) {
        const result = held;
        held = undefined;
        if (result.done) end();
        return result;
      }
      if (ended) return { done: true, value: undefined };
      const result = readyFromProvider?.();
      return result === undefined ? undefined : note(result);
    },
    async next() {
      const ready = stream.nextReady();
      if (ready !== undefined) return ready;
      let result: IteratorResult<ChatChunk>;
      try {
        result = await iterator.next();
      } catch (error) {
        end();
        // A connection lost once chunks were flowing means a cut answer, which clients must not take for a whole one.
        if (GatewayError.isGatewayError(error) && error.code === 'upstream_unreachable') {
          throw new GatewayError({ code: 'stream_interrupted', message: `The upstream stream broke off: ${error.message}`, retryable: true, cause: error });
        }
        throw error;
      }
      return note(result);
    },
    async return(value?: unknown) {
      if (!ended) {
        end();
        // Ends the upstream read when the client stopped early.
        await iterator.return?.();
      }
      return { done: true, value };
    },
  };
  return stream;
}

/** What the provider gets: `signal` becomes a real AbortSignal only if the provider reads it. */
class AttemptCall implements ProviderCall {
  constructor(
    readonly deployment: Deployment,
    private readonly abort: Cancellation,
    readonly http: UpstreamHttp,
    readonly requestId: string,
    readonly logger: Logger,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }
}

/** The request as the provider gets it: the upstream model id, deployment defaults under it, unsupported params refused or dropped. */
function upstreamRequest(
  request: ChatRequest | EmbeddingsRequest,
  deployment: Deployment,
  supported: ReadonlySet<string> | undefined,
  providerId: string,
  dropByDefault: boolean,
): ChatRequest | EmbeddingsRequest {
  const out: Record<string, unknown> = { ...deployment.request_defaults, ...request, model: deployment.model };
  if (supported === undefined) return out as ChatRequest;
  const drop = deployment.drop_params ?? dropByDefault;
  for (const key in out) {
    if (alwaysCarriedParams.has(key) || supported.has(key) || out[key] === undefined) continue;
    if (!drop) throw new UnsupportedParameterError(key, providerId);
    delete out[key];
  }
  if (!supported.has(messageNameParam) && Array.isArray(out.messages)) out.messages = withoutMessageNames(out.messages as ChatMessage[], providerId, drop);
  return out as ChatRequest;
}

function withoutMessageNames(messages: ChatMessage[], providerId: string, drop: boolean): ChatMessage[] {
  let copy: ChatMessage[] | undefined;
  messages.forEach((message, index) => {
    // The deprecated `function` role names the function, not a participant; its provider decides what to do with it.
    if ((message as { name?: unknown }).name === undefined || message.role === 'function') return;
    if (!drop) throw new UnsupportedParameterError(`messages[${index}].name`, providerId);
    copy ??= [...messages];
    const { name: _dropped, ...rest } = message as ChatMessage & { name?: string };
    copy[index] = rest as ChatMessage;
  });
  return copy ?? messages;
}
