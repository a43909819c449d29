import { GatewayError, toGatewayError, type Clock, type Deployment, type Dispatch, type DispatchResult, type GatewayContext, type PluginRuntime } from '@switchyard/core';
import { classifyError, isCausedByRequest } from './classify-error.js';
import type { ErrorClass, RetryPolicy } from './options-schema.js';
import type { FallbackSettings } from './resolve-settings.js';
import { retryDelay } from './retry-delay.js';

/** What the dispatch needs besides the settings; injectable so tests see every wait and decide every random draw. */
export interface FallbackDependencies {
  /** Waits `ms` before a retry; rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** A number in [0, 1) for the backoff's jitter. */
  random(): number;
}

export interface FallbackDispatchParts {
  settings: FallbackSettings;
  runtime: Pick<PluginRuntime, 'selectDeployment' | 'deploymentsFor'>;
  clock: Clock;
  dependencies: FallbackDependencies;
  /** Whether `selectDeployment` handed this deployment out although it is cooling down (its whole group is). */
  isCoolingPick(context: GatewayContext, deployment: Deployment): boolean;
  /** Resolves once the failure counts of the request's attempts so far are stored, so the next pick sees them. */
  settled(context: GatewayContext): Promise<void>;
}

/** A failure the plugin does not handle (the client left, a plugin threw): it ends the request as it is. */
class Unhandled {
  constructor(readonly error: GatewayError) {}
}

/**
 * Wraps the dispatch: retries of the requested model, then its fallback models, all within the whole-call deadline.
 * Sets the response headers naming the deployment that answered.
 */
export function createFallbackDispatch(next: Dispatch, parts: FallbackDispatchParts): Dispatch {
  const { settings, runtime, clock, dependencies } = parts;

  // The happy path, most requests: no deadline to keep, a deployment that is not cooling down, and an answer at the
  // first try. It allocates nothing of the machinery below, which a stream would otherwise hold for its whole life.
  const dispatch: Dispatch = async (context, firstDeployment) => {
    if (hasDeadline(context, settings) || parts.isCoolingPick(context, firstDeployment)) return recover(context, firstDeployment);
    let result: DispatchResult;
    try {
      result = await next(context, firstDeployment);
    } catch (thrown) {
      return recover(context, firstDeployment, { error: thrown });
    }
    answered(context, firstDeployment);
    return result;
  };

  /** Retries and fallbacks; `firstFailure` is how the first attempt already failed on the happy path. */
  const recover = async (context: GatewayContext, firstDeployment: Deployment, firstFailure?: { error: unknown }): Promise<DispatchResult> => {
    const failed = new Set<string>();
    const deadline = deadlineOf(context, settings);
    const requested = context.request.model;
    let replay = firstFailure;

    const attempt = async (deployment: Deployment): Promise<DispatchResult> => {
      const remaining = deadline === undefined ? undefined : deadline.at - clock.now();
      if (replay === undefined && remaining !== undefined && remaining <= 0) throw new Unhandled(deadline!.error(context));
      try {
        if (replay !== undefined) {
          const { error } = replay;
          replay = undefined;
          throw error;
        }
        const result = await (remaining === undefined ? next(context, deployment) : withinDeadline(next, context, deployment, remaining, () => deadline!.error(context)));
        answered(context, deployment);
        return result;
      } catch (thrown) {
        if (thrown instanceof Unhandled) throw thrown;
        const error = toGatewayError(thrown);
        failed.add(deployment.id);
        await parts.settled(context);
        const errorClass = classifyError(error);
        if (errorClass === undefined) throw new Unhandled(error);
        throw new ClassifiedFailure(error, errorClass);
      }
    };

    /** Tries one model name: its first deployment, then a retry per the policy, each picking a deployment again. */
    const tryModel = async (modelName: string, deployment: Deployment): Promise<DispatchResult> => {
      for (let retry = 1; ; retry++) {
        try {
          return await attempt(deployment);
        } catch (failure) {
          if (!(failure instanceof ClassifiedFailure) || retry > retriesFor(failure.errorClass, settings.num_retries, settings.retry_policy)) throw failure;
          const wait = retryDelay(retry, failure.error, settings, dependencies.random);
          if (deadline !== undefined && clock.now() + wait >= deadline.at) throw failure;
          await dependencies.sleep(wait, context.signal);
          deployment = (await pickAgain(context, modelName, failed)) ?? deployment;
        }
      }
    };

    const pickAgain = async (context: GatewayContext, modelName: string, excluded: ReadonlySet<string>) => {
      // Leave out the deployments that failed only while others remain: one that failed may still be the best left.
      const group = runtime.deploymentsFor(modelName);
      const exclude = group.some((deployment) => !excluded.has(deployment.id)) ? excluded : undefined;
      return runtime.selectDeployment(context, { modelName, exclude });
    };

    let last: ClassifiedFailure;
    const fallbackFirst = parts.isCoolingPick(context, firstDeployment) && fallbacksFor(requested, undefined, context, settings).length > 0;
    try {
      if (!fallbackFirst) return await tryModel(requested, firstDeployment);
      last = new ClassifiedFailure(new GatewayError({ code: 'service_unavailable', message: `Every deployment of '${requested}' is cooling down.` }), 'InternalServerError');
    } catch (failure) {
      if (!(failure instanceof ClassifiedFailure)) throw failure instanceof Unhandled ? failure.error : failure;
      last = failure;
    }
    for (const modelName of fallbacksFor(requested, last.errorClass, context, settings)) {
      const deployment = await runtime.selectDeployment(context, { modelName });
      if (deployment === undefined) continue;
      try {
        return await tryModel(modelName, deployment);
      } catch (failure) {
        if (!(failure instanceof ClassifiedFailure)) throw failure instanceof Unhandled ? failure.error : failure;
        last = failure;
      }
    }
    // The whole group was cooling down and no fallback answered: its deployment whose cooldown ends first is the
    // last place left, which beats failing without trying it.
    if (fallbackFirst) {
      try {
        return await tryModel(requested, firstDeployment);
      } catch (failure) {
        throw failure instanceof Unhandled || failure instanceof ClassifiedFailure ? failure.error : failure;
      }
    }
    throw last.error;
  };
  return dispatch;
}

/** Names the deployment that answered and the attempts it took, in the response headers. */
function answered(context: GatewayContext, deployment: Deployment): void {
  context.responseHeaders['x-switchyard-deployment'] = deployment.id;
  context.responseHeaders['x-switchyard-model'] = deployment.model_name;
  context.responseHeaders['x-switchyard-attempts'] = String(context.attempts.length);
}

/** Whether a whole-call deadline applies, without building it. */
function hasDeadline(context: GatewayContext, settings: FallbackSettings): boolean {
  return settings.timeout !== undefined || (context.stream && settings.stream_timeout !== undefined);
}

class ClassifiedFailure {
  constructor(
    readonly error: GatewayError,
    readonly errorClass: ErrorClass,
  ) {}
}

/** Retries allowed after a failure of this class: the class's policy, else num_retries; never for a bad request. */
export function retriesFor(errorClass: ErrorClass, numRetries: number, policy: RetryPolicy): number {
  if (errorClass === 'ContextWindowExceededError' || errorClass === 'BadRequestError') return 0;
  const own = policy[`${errorClass}Retries` as keyof RetryPolicy];
  // A content-policy refusal depends on the request; it is retried only when the policy asks for it by name.
  if (errorClass === 'ContentPolicyViolationError') return own ?? 0;
  return own ?? numRetries;
}

/**
 * The models to try after `model` failed with `errorClass` (undefined: it was never called, its group is cooling
 * down). The request's own list replaces the configured ones; context-window and content-policy refusals go only to
 * their own lists, since another model of the generic list would refuse the same request.
 */
export function fallbacksFor(model: string, errorClass: ErrorClass | undefined, context: GatewayContext, settings: FallbackSettings): readonly string[] {
  if (errorClass === 'ContextWindowExceededError') return settings.context_window_fallbacks.get(model) ?? [];
  if (errorClass === 'ContentPolicyViolationError') return settings.content_policy_fallbacks.get(model) ?? [];
  if (errorClass !== undefined && isCausedByRequest(errorClass)) return [];
  const own = context.gatewayParams.fallbacks as string[] | undefined;
  if (own !== undefined) return own;
  return settings.fallbacks.get(model) ?? settings.default_fallbacks;
}

interface Deadline {
  at: number;
  error(context: GatewayContext): GatewayError;
}

/** The whole call's deadline: `timeout`, and for a stream `stream_timeout` until its first chunk, whichever ends first. */
function deadlineOf(context: GatewayContext, settings: FallbackSettings): Deadline | undefined {
  const limits = [settings.timeout, context.stream ? settings.stream_timeout : undefined].filter((limit): limit is number => limit !== undefined);
  if (limits.length === 0) return undefined;
  const seconds = Math.min(...limits);
  return {
    at: context.startedAt + seconds * 1000,
    error: () => new GatewayError({ code: 'upstream_timeout', message: `The request did not finish within ${seconds}s (every retry and fallback included).` }),
  };
}

/**
 * One attempt bounded by what is left of the whole-call deadline. When the deadline passes, the attempt is aborted
 * through the dispatch's signal, so no upstream call outlives the answer the client already got.
 */
async function withinDeadline(next: Dispatch, context: GatewayContext, deployment: Deployment, ms: number, error: () => GatewayError): Promise<DispatchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(error()), ms);
  try {
    return await next(context, deployment, { signal: controller.signal });
  } catch (failure) {
    // Unhandled: past the deadline nothing else is tried, whatever the class of the error.
    if (controller.signal.aborted) throw new Unhandled(toGatewayError(controller.signal.reason));
    throw failure;
  } finally {
    // A stream that started in time runs on; core's own idle timeout guards it from here.
    clearTimeout(timer);
  }
}
