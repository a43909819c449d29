import { GatewayError, toGatewayError } from '../errors/gateway-error.js';
import type { GatewayHooks } from '../hooks/create-gateway-hooks.js';
import type { Dispatch, Endpoint, GatewayContext, GatewayResponse } from '../hooks/gateway-context.js';
import type { Logger } from '../log/logger.js';
import type { ChatChunk, ChatRequest, ChatResponse } from '../openai/chat-types.js';
import type { Clock } from '../plugin/plugin-spec.js';
import type { Deployment } from '../provider/deployment.js';
import type { DeploymentDirectory } from '../provider/deployment-directory.js';
import { dropRawJson, materializeChunk, mayCarryUsage } from '../sse/raw-json.js';
import { readyReader, type ReadyIterator } from '../sse/ready-iterator.js';
import type { Cancellation } from './cancellation.js';
import { RequestContext } from './request-context.js';
import type { RequestValidator } from './request-validator.js';
import { responseToChunks } from './response-to-chunks.js';

/** Where a request came from: HTTP or an in-process call. */
export interface RequestOrigin {
  readonly id: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Aborted when the caller goes away. */
  readonly cancellation: Cancellation;
}

export type PipelineOutcome =
  | { readonly kind: 'response'; readonly context: GatewayContext; readonly response: GatewayResponse }
  | { readonly kind: 'stream'; readonly context: GatewayContext; readonly chunks: ReadyIterator<ChatChunk> };

interface Finish {
  status: number;
  response?: GatewayResponse;
  error?: GatewayError;
  answeredEarly: boolean;
  firstChunkAt?: number;
}

export interface PipelineParts {
  hooks: GatewayHooks;
  directory: DeploymentDirectory;
  validator: RequestValidator;
  logger: Logger;
  clock: Clock;
}

/**
 * Runs one request through the hooks in their documented order. Both the HTTP server and the in-process API call
 * `run`; a hook nobody tapped is skipped with one `isUsed()` check.
 */
export class GatewayPipeline {
  private dispatch: Dispatch | undefined;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly parts: PipelineParts) {}

  /** Sets the dispatch chain, built once at start-up from `wrapDispatch`. */
  setDispatch(dispatch: Dispatch): void {
    this.dispatch = dispatch;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Resolves when no request is in flight. */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async run(endpoint: Endpoint, body: unknown, origin: RequestOrigin): Promise<PipelineOutcome> {
    const { hooks, directory, validator, clock } = this.parts;
    this.inFlight++;
    const context = new RequestContext(
      origin.id,
      endpoint,
      clock.now(),
      origin.headers,
      body,
      endpoint === 'chat' && (body as { stream?: unknown } | null)?.stream === true,
      origin.cancellation,
    );
    try {
      const validated = validator.validate(endpoint, body);
      context.request = validated.request;
      (context as { gatewayParams: Record<string, unknown> }).gatewayParams = validated.gatewayParams;
      if (hooks.requestReceived.isUsed()) await hooks.requestReceived.promise(context);
      if (hooks.authenticate.isUsed()) context.principal = await hooks.authenticate.promise(context);
      if (hooks.transformRequest.isUsed()) context.request = await hooks.transformRequest.promise(context.request, context);
      const candidates = directory.find(context.request.model);
      if (candidates.length === 0) {
        throw new GatewayError({
          code: 'model_not_found',
          param: 'model',
          message: `The model '${context.request.model}' does not exist on this gateway. GET /v1/models lists the models it serves.`,
        });
      }
      if (hooks.admit.isUsed()) await hooks.admit.promise(context);
      if (hooks.respondEarly.isUsed()) {
        const early = await hooks.respondEarly.promise(context);
        if (early !== undefined) return this.answerEarly(context, early);
      }
      const deployment = await this.select(context, candidates);
      if (deployment === undefined) {
        throw new GatewayError({ code: 'service_unavailable', message: `No deployment of '${context.request.model}' is available right now.` });
      }
      const result = await this.dispatch!(context, deployment);
      if (result.kind === 'stream') return { kind: 'stream', context, chunks: this.deliver(context, result.stream, false) };
      let response = result.response;
      if (hooks.transformResponse.isUsed()) {
        dropRawJson(response);
        response = await hooks.transformResponse.promise(response, context);
      }
      if (response.usage) context.usage = response.usage as GatewayContext['usage'];
      this.finish(context, { status: 200, response, answeredEarly: false });
      return { kind: 'response', context, response };
    } catch (error) {
      const failure = toGatewayError(error);
      this.finish(context, { status: failure.expose ? failure.status : 500, error: failure, answeredEarly: false });
      throw failure;
    }
  }

  /** Runs `selectDeployment` over candidates, leaving out `exclude`; the first of what it returns is used. */
  async select(context: GatewayContext, candidates: readonly Deployment[], exclude?: ReadonlySet<string>): Promise<Deployment | undefined> {
    let list = exclude ? candidates.filter((deployment) => !exclude.has(deployment.id)) : candidates;
    if (this.parts.hooks.selectDeployment.isUsed()) list = await this.parts.hooks.selectDeployment.promise([...list], context);
    return list[0];
  }

  private answerEarly(context: GatewayContext, response: GatewayResponse): PipelineOutcome {
    if (response.usage) context.usage = response.usage as GatewayContext['usage'];
    if (context.stream) {
      const includeUsage = (context.request as ChatRequest).stream_options?.include_usage === true;
      return { kind: 'stream', context, chunks: this.deliver(context, responseToChunks(response as ChatResponse, includeUsage), true) };
    }
    this.finish(context, { status: 200, response, answeredEarly: true });
    return { kind: 'response', context, response };
  }

  /**
   * Passes a stream's chunks through `transformChunk`, notes usage and the first chunk's time, and records the end:
   * success, failure, or `client_closed` when the reader stops early. A plain iterator rather than a generator, since
   * it runs once per chunk; chunks the stream already holds go through without an await (`nextReady`).
   */
  private deliver(context: GatewayContext, stream: AsyncIterable<ChatChunk>, answeredEarly: boolean): ReadyIterator<ChatChunk> {
    const { hooks, clock } = this.parts;
    const transform = hooks.transformChunk.isUsed();
    // A raw chunk is parsed for its usage only when an observer will read context.usage; in-process callers parse
    // every chunk they get anyway, and over HTTP the text goes out as it came.
    const trackUsage = hooks.requestSucceeded.isUsed() || hooks.requestFailed.isUsed() || hooks.requestFinished.isUsed();
    const hideUsage = trackUsage && !answeredEarly && (context.request as ChatRequest).stream_options?.include_usage !== true;
    const iterator = stream[Symbol.asyncIterator]();
    const readyFromStream = readyReader(iterator);
    let firstChunkAt: number | undefined;
    let ended = false;
    // A throw met while handing over a ready chunk, kept for the next `next()` to raise.
    let failure: { thrown: unknown } | undefined;
    const end = (error?: GatewayError) => {
      if (ended) return;
      ended = true;
      this.finish(context, { status: 200, error, answeredEarly, firstChunkAt });
    };
    /** What the reader gets for one result of the stream; `undefined` for a chunk it must not see. May throw. */
    const handle = (result: IteratorResult<ChatChunk>): IteratorResult<ChatChunk> | undefined => {
      if (result.done) {
        end();
        return result;
      }
      let chunk = result.value;
      firstChunkAt ??= clock.now();
      if (hideUsage && mayCarryUsage(chunk)) {
        chunk = materializeChunk(chunk);
        // Asked of the provider for the observers (core-dispatch), not by the client: noted, and neither sent
        // nor shown to transformChunk, which sees what the client gets.
        if (chunk.usage && chunk.choices.length === 0) {
          context.usage = chunk.usage;
          return undefined;
        }
      }
      if (transform) {
        chunk = materializeChunk(chunk);
        dropRawJson(chunk);
        chunk = hooks.transformChunk.call(chunk, context);
      } else if (trackUsage && mayCarryUsage(chunk)) {
        chunk = materializeChunk(chunk);
      }
      if (chunk.usage) context.usage = chunk.usage;
      return { done: false, value: chunk };
    };
    const fail = async (thrown: unknown): Promise<never> => {
      const error = toGatewayError(thrown);
      end(error);
      await iterator.return?.().catch(() => undefined);
      throw error;
    };
    const delivered: ReadyIterator<ChatChunk> = {
      [Symbol.asyncIterator]: () => delivered,
      nextReady: () => {
        if (ended) return { done: true, value: undefined };
        if (failure !== undefined || readyFromStream === undefined) return undefined;
        try {
          for (;;) {
            const result = readyFromStream();
            if (result === undefined) return undefined;
            const handed = handle(result);
            if (handed !== undefined) return handed;
          }
        } catch (thrown) {
          failure = { thrown };
          return undefined;
        }
      },
      next: async () => {
        if (ended) return { done: true, value: undefined };
        let thrown: unknown;
        try {
          for (;;) {
            const ready = delivered.nextReady();
            if (ready !== undefined) return ready;
            if (failure !== undefined) {
              thrown = failure.thrown;
              break;
            }
            const handed = handle(await iterator.next());
            if (handed !== undefined) return handed;
          }
        } catch (error) {
          thrown = error;
        }
        return fail(thrown);
      },
      return: async (value?: unknown) => {
        if (!ended) {
          end(new GatewayError({ code: 'client_closed', message: 'The client closed the connection before the stream ended.' }));
          await iterator.return?.();
        }
        return { done: true, value };
      },
    };
    return delivered;
  }

  private finish(context: GatewayContext, outcome: Finish): void {
    const { hooks, logger, clock } = this.parts;
    const now = clock.now();
    const record = {
      context,
      status: outcome.status,
      response: outcome.response,
      error: outcome.error,
      usage: context.usage,
      answeredEarly: outcome.answeredEarly,
      durationMs: now - context.startedAt,
      timeToFirstChunkMs: outcome.firstChunkAt === undefined ? undefined : outcome.firstChunkAt - context.startedAt,
    };
    if (outcome.error) {
      const error = outcome.error;
      const fields = { request_id: context.id, status: outcome.status, code: error.code, model: (context.request as { model?: unknown })?.model, deployment: context.deployment?.id, reason: error.message };
      if (!error.expose || error.status >= 500 && error.code !== 'client_closed') logger.error('request failed', { ...fields, error: error.cause ?? error });
      else logger.warn('request failed', fields);
      if (hooks.requestFailed.isUsed()) hooks.requestFailed.call(record);
    } else if (hooks.requestSucceeded.isUsed()) {
      hooks.requestSucceeded.call(record);
    }
    if (hooks.requestFinished.isUsed()) hooks.requestFinished.call(record);
    this.inFlight--;
    if (this.inFlight === 0 && this.idleWaiters.length > 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
