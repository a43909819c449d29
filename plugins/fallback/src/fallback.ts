import { definePlugin, GatewayError, Stage, type Deployment, type GatewayContext } from '@switchyard/core';
import { classifyError } from './classify-error.js';
import { MemoryCooldownStore, type CooldownStore } from './cooldown-store.js';
import { DeploymentCooldowns } from './deployment-cooldowns.js';
import { createFallbackDispatch, type FallbackDependencies } from './fallback-dispatch.js';
import { fallbackOptionsSchema, type FallbackOptions } from './options-schema.js';
import { RedisCooldownStore } from './redis-cooldown-store.js';
import { claimedLitellmSettings, resolveSettings } from './resolve-settings.js';

const PLUGIN_NAME = 'fallback';

/** Per request: deployments handed out while cooling down, and the failure counts still being stored. */
interface RequestState {
  coolingPicks: Set<string>;
  pending: Promise<void>[];
}

/** The client left while the plugin waited: the same error core gives when it leaves during an attempt. */
const clientGone = (signal: AbortSignal) =>
  GatewayError.isGatewayError(signal.reason)
    ? signal.reason
    : new GatewayError({ code: 'client_closed', message: 'The caller cancelled the request.', cause: signal.reason });

const defaultDependencies: FallbackDependencies = {
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(clientGone(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(clientGone(signal));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
  random: Math.random,
};

/**
 * Builds the plugin factory around its sleep and random source; `fallback` is the one with the real ones. Tests
 * call this to record the backoff the plugin asks for.
 */
export function createFallback(dependencies: Partial<FallbackDependencies> = {}) {
  const resolved: FallbackDependencies = { ...defaultDependencies, ...dependencies };
  return definePlugin<FallbackOptions>({
    name: PLUGIN_NAME,
    core: '^1.0.0',
    optionsSchema: fallbackOptionsSchema,
    requestParams: { fallbacks: { type: 'array', items: { type: 'string', minLength: 1 } } },
    litellmSettings: claimedLitellmSettings,
    apply(hooks, options, runtime) {
      const settings = resolveSettings(options, runtime.config);
      const store: CooldownStore = settings.redis === undefined ? new MemoryCooldownStore() : new RedisCooldownStore(settings.redis, settings.key_prefix, runtime.logger);
      const cooldowns = new DeploymentCooldowns(store, settings, runtime.clock, (modelName) => runtime.deploymentsFor(modelName).length);
      const requests = new WeakMap<GatewayContext, RequestState>();
      const stateOf = (context: GatewayContext) => {
        let state = requests.get(context);
        if (state === undefined) requests.set(context, (state = { coolingPicks: new Set(), pending: [] }));
        return state;
      };

      hooks.ready.tapPromise(PLUGIN_NAME, () => store.connect());
      hooks.close.tapPromise(PLUGIN_NAME, () => store.close());

      // EARLY, so a router at DEFAULT chooses only among deployments that are not cooling down.
      hooks.selectDeployment.tapPromise({ name: PLUGIN_NAME, stage: Stage.EARLY }, (deployments: Deployment[], context) => {
        // Every request passes here: with nothing cooling down in memory, answer without an async step.
        if (cooldowns.nothingCooling()) return Promise.resolve(deployments);
        return cooldowns.filter(deployments).then((filtered) => {
          if (filtered.allCooling) stateOf(context).coolingPicks.add(filtered.deployments[0].id);
          return filtered.deployments;
        });
      });

      hooks.attemptFinished.tap(PLUGIN_NAME, (attempt, context) => {
        if (attempt.error === undefined) return;
        const errorClass = classifyError(attempt.error);
        if (errorClass === undefined) return;
        const written = cooldowns.noteFailure(attempt.deployment, errorClass).catch((error: unknown) => {
          // A store outage must not fail the request: the failure just goes uncounted.
          runtime.logger.warn('fallback: could not count a failure', { deployment: attempt.deployment.id, error: String(error) });
        });
        stateOf(context).pending.push(written);
      });

      // DEFAULT: outside an in-flight counter at EARLY, so each try is counted where it happens.
      hooks.wrapDispatch.tap({ name: PLUGIN_NAME, stage: Stage.DEFAULT }, (next) =>
        createFallbackDispatch(next, {
          settings,
          runtime,
          clock: runtime.clock,
          dependencies: resolved,
          isCoolingPick: (context, deployment) => requests.get(context)?.coolingPicks.has(deployment.id) === true,
          settled: async (context) => {
            const pending = requests.get(context)?.pending;
            if (pending !== undefined && pending.length > 0) await Promise.all(pending.splice(0));
          },
        }),
      );
    },
  });
}

export const fallback = createFallback();
