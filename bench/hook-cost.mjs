// What an empty tap on every request hook adds to one in-process request, measured with the mock provider so no
// network is involved.
import { createGateway, definePlugin, createLogger } from '@switchyard/core';

const noop = definePlugin({
  name: 'noop',
  core: '^1.0.0',
  apply(hooks) {
    hooks.requestReceived.tapPromise('noop', async () => {});
    hooks.authenticate.tapPromise('noop', async () => undefined);
    hooks.transformRequest.tapPromise('noop', async (request) => request);
    hooks.admit.tapPromise('noop', async () => {});
    hooks.respondEarly.tapPromise('noop', async () => undefined);
    hooks.selectDeployment.tapPromise('noop', async (deployments) => deployments);
    hooks.wrapDispatch.tap('noop', (dispatch) => dispatch);
    hooks.attemptFinished.tap('noop', () => {});
    hooks.transformResponse.tapPromise('noop', async (response) => response);
    hooks.requestSucceeded.tap('noop', () => {});
    hooks.requestFinished.tap('noop', () => {});
  },
});

async function perRequestMicros(plugins, iterations) {
  const gateway = await createGateway(
    { model_list: [{ model_name: 'm', litellm_params: { model: 'mock/m', mock_response: 'hello' } }], plugins },
    { logger: createLogger({ level: 'silent' }) },
  );
  const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
  for (let index = 0; index < 2000; index++) await gateway.chat.completions.create(body);
  const start = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) await gateway.chat.completions.create(body);
  const micros = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  await gateway.close(0);
  return micros;
}

export async function measureHookCost(iterations = 20000) {
  // Alternate and keep the best of three, so a noisy neighbour does not decide the result.
  const base = [];
  const tapped = [];
  for (let round = 0; round < 3; round++) {
    base.push(await perRequestMicros([], iterations));
    tapped.push(await perRequestMicros([noop()], iterations));
  }
  const baseMicros = Math.min(...base);
  const tappedMicros = Math.min(...tapped);
  return { iterations, baseMicros, tappedMicros, addedMicros: tappedMicros - baseMicros };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measureHookCost());
