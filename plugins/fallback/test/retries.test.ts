import { afterEach, describe, expect, it } from 'vitest';
import { completion, deployment, faultyUpstream, hello, openAIError, runCleanups, startFaultGateway } from './fault-gateway.js';

afterEach(runCleanups);

/*
 * Retries through the real pipeline: the official client calls the gateway, whose two deployments of one model point
 * at loopback upstreams that fail on demand.
 */
describe('retries', () => {
  it('retries a 500 on the other deployment of the model and says which one answered', async () => {
    const broken = await faultyUpstream(openAIError(500, null, 'server_error'));
    const healthy = await faultyUpstream(completion('from healthy'));
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'broken', broken), deployment('gpt-4o', 'healthy', healthy)] },
      { plugin: { num_retries: 1 } },
    );
    const { data, response } = await client.chat.completions.create({ model: 'gpt-4o', messages: hello }).withResponse();
    expect({
      content: data.choices[0].message.content,
      deployment: response.headers.get('x-switchyard-deployment'),
      model: response.headers.get('x-switchyard-model'),
      attempts: response.headers.get('x-switchyard-attempts'),
      calls: [broken.requests.length, healthy.requests.length],
    }).toEqual({ content: 'from healthy', deployment: 'healthy', model: 'gpt-4o', attempts: '2', calls: [1, 1] });
  });

  it('waits the Retry-After of a 429 before retrying', async () => {
    const limited = await faultyUpstream(openAIError(429, 'rate_limit_exceeded', 'requests', { 'retry-after': '3' }));
    const healthy = await faultyUpstream(completion('from healthy'));
    const { client, delays } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'limited', limited), deployment('gpt-4o', 'healthy', healthy)] },
      { plugin: { num_retries: 1 } },
    );
    await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    expect(delays).toEqual([3000]);
  });

  it('backs off exponentially with full jitter, then answers the last error', async () => {
    const down = await faultyUpstream(openAIError(503, null, 'server_error'));
    const alsoDown = await faultyUpstream(openAIError(503, null, 'server_error'));
    const { client, delays, records } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'down', down), deployment('gpt-4o', 'also-down', alsoDown)] },
      { plugin: { num_retries: 2, initial_retry_delay: 1 }, random: () => 0.25 },
    );
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: hello }).catch((thrown: unknown) => thrown);
    expect({
      status: (error as { status?: number }).status,
      delays,
      tried: records[0].context.attempts.map((attempt) => attempt.deployment.id),
    }).toEqual({ status: 503, delays: [250, 500], tried: ['down', 'also-down', 'down'] });
  });

  it('never retries a 400 caused by the request', async () => {
    const strict = await faultyUpstream(openAIError(400, 'invalid_value', 'invalid_request_error'));
    const other = await faultyUpstream(completion('from other'));
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'strict', strict), deployment('gpt-4o', 'other', other)] },
      { plugin: { num_retries: 3 } },
    );
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: hello }).catch((thrown: unknown) => thrown);
    expect([(error as { status?: number }).status, strict.requests.length, other.requests.length]).toEqual([400, 1, 0]);
  });

  it('takes the retries of an error class from retry_policy', async () => {
    const locked = await faultyUpstream(openAIError(401, 'invalid_api_key', 'invalid_request_error'));
    const other = await faultyUpstream(completion('from other'));
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'locked', locked), deployment('gpt-4o', 'other', other)] },
      { plugin: { num_retries: 2, retry_policy: { AuthenticationErrorRetries: 0 } } },
    );
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: hello }).catch((thrown: unknown) => thrown);
    expect([(error as { status?: number }).status, locked.requests.length, other.requests.length]).toEqual([401, 1, 0]);
  });

  it('retries a connection reset on another deployment', async () => {
    const reset = await faultyUpstream({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"chatcmpl-cut', resetAfterBytes: 5 });
    const healthy = await faultyUpstream(completion('from healthy'));
    const { client, records } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'reset', reset), deployment('gpt-4o', 'healthy', healthy)] },
      { plugin: { num_retries: 1 } },
    );
    const answer = await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    expect({
      content: answer.choices[0].message.content,
      failures: records[0].context.attempts.map((attempt) => attempt.error?.code),
    }).toEqual({ content: 'from healthy', failures: ['upstream_unreachable', undefined] });
  });

  it('hands observers every attempt of the request', async () => {
    const broken = await faultyUpstream(openAIError(502, null, 'server_error'));
    const healthy = await faultyUpstream(completion('from healthy'));
    const { client, records } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'broken', broken), deployment('gpt-4o', 'healthy', healthy)] },
      { plugin: { num_retries: 1 } },
    );
    await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    expect(
      records.map((record) => ({
        status: record.status,
        attempts: record.context.attempts.map((attempt) => [attempt.deployment.id, attempt.error?.status]),
      })),
    ).toEqual([{ status: 200, attempts: [['broken', 502], ['healthy', undefined]] }]);
  });
});
