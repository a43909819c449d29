import { Stage, createGateway, definePlugin, type Deployment, type Logger, type PluginV1 } from '@switchyard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { router } from '../src/index.js';
import { ask, mockDeployment, serve, stop, type Served } from './gateway-harness.js';

/** The failing deployment's error is logged by core; these tests need no such lines. */
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const outage = { mock_error: { status: 503, message: 'down', code: 'service_unavailable', type: 'service_unavailable_error' } };

/** A stand-in for the fallback plugin's wrapper: on failure, try whatever selectDeployment ranks next. */
const retryNext = definePlugin({
  name: 'retry-next',
  core: '^1.0.0',
  apply(hooks, _options, runtime) {
    hooks.wrapDispatch.tap({ name: 'retry-next', stage: Stage.LATE }, (next) => async (context, deployment) => {
      const tried = new Set<string>();
      for (let current: Deployment | undefined = deployment; ; ) {
        try {
          return await next(context, current);
        } catch (error) {
          tried.add(current.id);
          current = await runtime.selectDeployment(context, { exclude: tried });
          if (current === undefined) throw error;
        }
      }
    });
  },
});

/** A stand-in for the fallback plugin's cooldown filter, which runs at EARLY, before the router ranks. */
const coolDown = (id: string) =>
  definePlugin({
    name: 'cool-down',
    core: '^1.0.0',
    apply(hooks) {
      hooks.selectDeployment.tapPromise({ name: 'cool-down', stage: Stage.EARLY }, async (deployments) => deployments.filter((deployment) => deployment.id !== id));
    },
  })();

/** Records the deployment of every attempt, in order, so a test sees the whole path a request took. */
function attemptRecorder(): { plugin: PluginV1; attempts: string[] } {
  const attempts: string[] = [];
  const plugin = definePlugin({
    name: 'attempt-recorder',
    core: '^1.0.0',
    apply(hooks) {
      hooks.attemptFinished.tap({ name: 'attempt-recorder', stage: Stage.OBSERVE }, (attempt) => void attempts.push(attempt.deployment.id));
    },
  })();
  return { plugin, attempts };
}

// Config order puts the lowest tier first, so core alone (no router) would call `third` first: the tiers seen below
// are the router's doing.
const model_list = [mockDeployment('third', { order: 3 }), mockDeployment('broken', { ...outage, order: 1 }), mockDeployment('second', { order: 2 })];

describe('router next to a retrying wrapper and a cooldown filter', () => {
  let served: Served | undefined;
  afterEach(async () => {
    if (served !== undefined) await stop(served);
    served = undefined;
  });

  it('gives a retry the next best deployment', async () => {
    const recorder = attemptRecorder();
    served = await serve(await createGateway({ model_list, plugins: [router(), retryNext(), recorder.plugin] }, { logger: silent }));
    const answer = await ask(served.client);
    expect([answer, recorder.attempts]).toEqual(['answered by second', ['broken', 'second']]);
  });

  it('ranks only the deployments the cooldown filter left', async () => {
    const recorder = attemptRecorder();
    served = await serve(await createGateway({ model_list, plugins: [router(), retryNext(), coolDown('second'), recorder.plugin] }, { logger: silent }));
    const answer = await ask(served.client);
    expect([answer, recorder.attempts]).toEqual(['answered by third', ['broken', 'third']]);
  });
});
