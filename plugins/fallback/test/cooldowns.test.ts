import { definePlugin, Stage, type PluginV1 } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completion, deployment, faultyUpstream, hello, openAIError, runCleanups, startFaultGateway } from './fault-gateway.js';

afterEach(runCleanups);

describe('cooldowns', () => {
  // The gateway's clock, moved by hand so a cooldown can end without waiting.
  let now: number;
  const clock = { now: () => now };
  beforeEach(() => {
    now = 1_800_000_000_000;
  });

  it('takes a deployment out once its failures exceed allowed_fails, and back once cooldown_time passed', async () => {
    const flaky = await faultyUpstream(openAIError(500, null, 'server_error'));
    const steady = await faultyUpstream(completion('from steady'));
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'flaky', flaky), deployment('gpt-4o', 'steady', steady)] },
      { plugin: { num_retries: 1, allowed_fails: 1, cooldown_time: 10 }, clock },
    );
    const ask = () => client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    await ask();
    await ask();
    const callsWhenCooled = flaky.requests.length;
    await ask();
    const callsDuringCooldown = flaky.requests.length;
    now += 10_000;
    await ask();
    expect([callsWhenCooled, callsDuringCooldown, flaky.requests.length]).toEqual([2, 2, 3]);
  });

  it('never cools down the only deployment of a model', async () => {
    const lonely = await faultyUpstream(openAIError(503, null, 'server_error'));
    const { client } = await startFaultGateway({ model_list: [deployment('gpt-4o', 'lonely', lonely)] }, { plugin: { allowed_fails: 0 }, clock });
    for (let request = 0; request < 3; request++) await client.chat.completions.create({ model: 'gpt-4o', messages: hello }).catch(() => undefined);
    expect(lonely.requests.length).toBe(3);
  });

  it('sends a request to the fallbacks when every deployment of its model is cooling down', async () => {
    const first = await faultyUpstream(openAIError(429, 'rate_limit_exceeded', 'requests'));
    const second = await faultyUpstream(openAIError(429, 'rate_limit_exceeded', 'requests'));
    const spare = await faultyUpstream(completion('from spare'));
    const { client, records } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'first', first), deployment('gpt-4o', 'second', second), deployment('spare', 'spare', spare)] },
      { plugin: { num_retries: 1, allowed_fails: 0, cooldown_time: 30, fallbacks: [{ 'gpt-4o': ['spare'] }] }, clock },
    );
    await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    expect(records.map((record) => record.context.attempts.map((attempt) => attempt.deployment.id))).toEqual([['first', 'second', 'spare'], ['spare']]);
  });

  it('tries the cooling deployment whose cooldown ends first when every fallback failed too', async () => {
    const first = await faultyUpstream(openAIError(500, null, 'server_error'));
    const second = await faultyUpstream(openAIError(500, null, 'server_error'));
    const spare = await faultyUpstream(openAIError(503, null, 'server_error'));
    const { client, records } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'first', first), deployment('gpt-4o', 'second', second), deployment('spare', 'spare', spare)] },
      { plugin: { num_retries: 1, allowed_fails: 0, cooldown_time: 30, fallbacks: [{ 'gpt-4o': ['spare'] }] }, clock },
    );
    await client.chat.completions.create({ model: 'gpt-4o', messages: hello }).catch(() => undefined);
    first.answer(completion('from first'));
    // `spare` gets its own retry (num_retries applies to each fallback model), then `first`, cooling until +30 s.
    const answer = await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    expect([answer.choices[0].message.content, records[1].context.attempts.map((attempt) => attempt.deployment.id)]).toEqual(['from first', ['spare', 'spare', 'first']]);
  });

  it('sends a request to the deployment whose cooldown ends first when its model has no fallbacks', async () => {
    const first = await faultyUpstream(openAIError(500, null, 'server_error'));
    const second = await faultyUpstream(openAIError(500, null, 'server_error'));
    const { client, records } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'first', first), deployment('gpt-4o', 'second', second)] },
      { plugin: { allowed_fails: 0, cooldown_time: 30 }, clock },
    );
    const ask = () => client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    // `first` cools until +30 s, `second` until +35 s; at +30 s `first` is back, fails again and cools until +60 s.
    await ask().catch(() => undefined);
    now += 5_000;
    await ask().catch(() => undefined);
    now += 25_000;
    await ask().catch(() => undefined);
    second.answer(completion('from second'));
    const answer = await ask();
    expect([answer.choices[0].message.content, records.map((record) => record.context.attempts.map((attempt) => attempt.deployment.id))]).toEqual([
      'from second',
      [['first'], ['second'], ['first'], ['second']],
    ]);
  });

  it('leaves cooling deployments out before a router at the default stage chooses', async () => {
    const flaky = await faultyUpstream(openAIError(500, null, 'server_error'));
    const steady = await faultyUpstream(completion('from steady'));
    const offered: string[][] = [];
    // Stands in for a router: it sees the list after the plugin's EARLY tap.
    const router = definePlugin({
      name: 'test-router',
      core: '^1.0.0',
      apply(hooks) {
        hooks.selectDeployment.tap({ name: 'test-router', stage: Stage.DEFAULT }, (deployments) => {
          offered.push(deployments.map((deployment) => deployment.id));
          return deployments;
        });
      },
    });
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'flaky', flaky), deployment('gpt-4o', 'steady', steady)], plugins: [router() as PluginV1] },
      { plugin: { num_retries: 1, allowed_fails: 0, cooldown_time: 10 }, clock },
    );
    await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    expect(offered).toEqual([['flaky', 'steady'], ['steady'], ['steady']]);
  });
});
