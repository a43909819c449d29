import type { AttemptRecord, Endpoint, GatewayContext, GatewayRequest, Principal } from '../hooks/gateway-context.js';
import type { Usage } from '../openai/chat-types.js';
import type { Deployment } from '../provider/deployment.js';
import type { Cancellation } from './cancellation.js';

/**
 * The context core makes for each request. A class so every request's context has one shape; its cancellation is
 * private to core, and `signal` becomes a real AbortSignal only when something reads it.
 */
export class RequestContext implements GatewayContext {
  readonly #cancellation: Cancellation;
  request: GatewayRequest;
  readonly gatewayParams: Readonly<Record<string, unknown>> = {};
  principal?: Principal;
  deployment?: Deployment;
  readonly attempts: AttemptRecord[] = [];
  usage?: Usage;
  costUsd?: number;
  readonly responseHeaders: Record<string, string> = {};

  constructor(
    readonly id: string,
    readonly endpoint: Endpoint,
    readonly startedAt: number,
    readonly headers: Readonly<Record<string, string | string[] | undefined>>,
    body: unknown,
    readonly stream: boolean,
    cancellation: Cancellation,
  ) {
    this.request = body as GatewayRequest;
    this.#cancellation = cancellation;
  }

  get signal(): AbortSignal {
    return this.#cancellation.signal;
  }

  /** The cancellation behind a context core made; `undefined` for any other object shaped like a context. */
  static cancellationOf(context: GatewayContext): Cancellation | undefined {
    return #cancellation in context ? (context as RequestContext).#cancellation : undefined;
  }
}
