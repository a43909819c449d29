import { GatewayError, Stage, definePlugin, type ChatRequest, type GatewayContext } from '@switchyard/core';
import { createPromptTokenCounter, fittingDeployments, type PromptTokenCounter } from './context-window-check.js';
import { MemoryRoutingState } from './memory-routing-state.js';
import { routerOptionsSchema, type RouterOptions } from './options-schema.js';
import { rankDeployments } from './rank-deployments.js';
import { RedisRoutingState } from './redis-routing-state.js';
import { resolveRouterSettings, type Strategy } from './router-settings.js';
import { minuteMs, type DeploymentLoad, type RoutingState, type TrackedLoad } from './routing-state.js';

const PLUGIN_NAME = 'router';
const noLoads: ReadonlyMap<string, DeploymentLoad> = new Map<string, DeploymentLoad>();

/**
 * Deployments whose in-flight count a streamed request still holds: a stream's attempt is over only when the stream
 * ends, which core reports in requestFinished. Private to this plugin, and gone with the request.
 */
const heldByStream = new WeakMap<GatewayContext, string[]>();

/** Which counters each strategy reads; the others are never written, so they cost nothing per request. */
function trackedLoadFor(strategy: Strategy): TrackedLoad {
  return {
    inFlight: strategy === 'least-busy',
    usage: strategy === 'usage-based-routing',
    latency: strategy === 'latency-based-routing',
  };
}

/**
 * router: orders the deployments of the requested model name by the configured strategy, best first. Wiring only:
 * the ranking is rank-deployments.ts, the counters are the RoutingState stores.
 */
export const router = definePlugin<RouterOptions>({
  name: PLUGIN_NAME,
  core: '^1.0.0',
  optionsSchema: routerOptionsSchema,
  litellmSettings: [
    'router_settings.routing_strategy',
    'router_settings.routing_strategy_args',
    'router_settings.redis_host',
    'router_settings.redis_port',
    'router_settings.redis_password',
    'router_settings.redis_url',
    'router_settings.enable_pre_call_checks',
  ],
  apply(hooks, options, runtime) {
    const settings = resolveRouterSettings(options, runtime.config, runtime.logger);
    const tracked = trackedLoadFor(settings.strategy);
    const readsLoad = tracked.inFlight || tracked.usage || tracked.latency;
    // A strategy that counts nothing never connects: LiteLLM configs often set redis_* for other features, and an
    // unused connection would only add a way for start-up to fail.
    const state: RoutingState =
      settings.redisUrl === undefined || !readsLoad
        ? new MemoryRoutingState(settings.latencyWindow)
        : new RedisRoutingState(settings.redisUrl, settings.redisPrefix, tracked, settings.latencyWindow, runtime.logger);
    const preCallChecks = options.enable_pre_call_checks ?? runtime.config.router_settings?.enable_pre_call_checks === true;
    let counter: PromptTokenCounter | undefined;

    hooks.ready.tapPromise(PLUGIN_NAME, async () => {
      if (preCallChecks) counter = await createPromptTokenCounter();
      await state.connect();
    });
    hooks.close.tapPromise(PLUGIN_NAME, () => state.close());

    // DEFAULT: the fallback plugin's cooldown filter runs at EARLY, so only deployments able to answer are ranked.
    hooks.selectDeployment.tapPromise(PLUGIN_NAME, async (candidates, context) => {
      const deployments = counter !== undefined && candidates.length > 1 && context.endpoint === 'chat' ? fittingDeployments(candidates, context.request as ChatRequest, counter) : candidates;
      if (deployments.length <= 1) return deployments;
      const now = runtime.clock.now();
      const loads = readsLoad ? await state.read(deployments.map((deployment) => deployment.id), now) : noLoads;
      return rankDeployments({
        strategy: settings.strategy,
        deployments,
        loads,
        random: Math.random,
        now,
        latencyBuffer: settings.latencyBuffer,
      });
    });

    if (tracked.inFlight || tracked.usage) {
      // Below EARLY so this wrapper sits nearest the upstream, inside any retry or fallback wrapper (even one at EARLY
      // listed first): every attempt is counted against the deployment it actually calls.
      hooks.wrapDispatch.tap({ name: PLUGIN_NAME, stage: Stage.EARLY - 10 }, (next) => async (context, chosen, options) => {
        let deployment = chosen;
        if (tracked.usage) {
          // The ranking read the counters a moment ago; another request (or instance) may have taken the last slot
          // since. The atomic check here is what keeps a deployment from ever being sent past its rpm.
          const refused = new Set<string>();
          while (!(await state.attemptStarted(deployment.id, runtime.clock.now(), deployment.rpm))) {
            refused.add(deployment.id);
            const modelName = deployment.model_name.includes('*') ? context.request.model : deployment.model_name;
            const other = await runtime.selectDeployment(context, { modelName, exclude: refused });
            if (other === undefined || refused.has(other.id)) throw rpmExhausted(modelName, runtime.clock.now());
            deployment = other;
          }
        } else {
          await state.attemptStarted(deployment.id, runtime.clock.now());
        }
        let result;
        try {
          result = await next(context, deployment, options);
        } catch (error) {
          state.attemptEnded(deployment.id);
          throw error;
        }
        if (result.kind === 'stream') heldByStream.set(context, [...(heldByStream.get(context) ?? []), deployment.id]);
        else state.attemptEnded(deployment.id);
        return result;
      });
      hooks.requestFinished.tap({ name: PLUGIN_NAME, stage: Stage.OBSERVE }, (record) => {
        for (const deploymentId of heldByStream.get(record.context) ?? []) state.attemptEnded(deploymentId);
        heldByStream.delete(record.context);
      });
    }

    if (tracked.usage) {
      hooks.requestSucceeded.tap({ name: PLUGIN_NAME, stage: Stage.OBSERVE }, (record) => {
        const deployment = record.context.deployment;
        const tokens = record.usage?.total_tokens;
        if (deployment === undefined || tokens === undefined || record.answeredEarly) return;
        state.tokensUsed(deployment.id, tokens, runtime.clock.now());
      });
    }

    if (tracked.latency) {
      hooks.attemptFinished.tap({ name: PLUGIN_NAME, stage: Stage.OBSERVE }, (attempt) => {
        // Only answers count: a deployment that fails fast must not look fast.
        if (attempt.error === undefined) state.latencyMeasured(attempt.deployment.id, attempt.latencyMs);
      });
    }
  },
});

/** Every deployment of the model is at its rpm limit for this minute: a 429 that says when the next minute starts. */
function rpmExhausted(modelName: string, now: number): GatewayError {
  const seconds = Math.max(1, Math.ceil((minuteMs - (now % minuteMs)) / 1000));
  return new GatewayError({
    code: 'rate_limit_exceeded',
    message: `Every deployment of '${modelName}' is at its requests-per-minute limit; try again in ${seconds}s.`,
    retryable: true,
    headers: { 'retry-after': String(seconds) },
  });
}
