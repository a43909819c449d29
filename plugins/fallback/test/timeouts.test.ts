import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { completion, deployment, faultyUpstream, hello, openAIError, runCleanups, startFaultGateway } from './fault-gateway.js';

/** Headers sent, then nothing: an upstream that hangs. */
const hanging = { status: 200, headers: { 'content-type': 'application/json' }, body: '', hangAfterBytes: 0 };

/** Turns the event loop until the condition holds; setImmediate is left real, so sockets make progress. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await runCleanups();
  });

  it('answers 504 upstream_timeout once timeout passed for the whole call', async () => {
    const stuck = await faultyUpstream(hanging);
    const { client, records } = await startFaultGateway({ model_list: [deployment('gpt-4o', 'stuck', stuck)] }, { plugin: { timeout: 2, num_retries: 3 } });
    const pending = client.chat.completions.create({ model: 'gpt-4o', messages: hello }).catch((thrown: unknown) => thrown);
    await until(() => stuck.requests.length === 1);
    await vi.advanceTimersByTimeAsync(2000);
    const error = await pending;
    expect([(error as { status?: number }).status, (error as { code?: string }).code, records[0].error?.message]).toEqual([
      504,
      'upstream_timeout',
      'The request did not finish within 2s (every retry and fallback included).',
    ]);
  });

  it('aborts the upstream call that was still running when the whole-call timeout passed', async () => {
    const stuck = await faultyUpstream(hanging);
    const { client } = await startFaultGateway({ model_list: [deployment('gpt-4o', 'stuck', stuck)] }, { plugin: { timeout: 2 } });
    const pending = client.chat.completions.create({ model: 'gpt-4o', messages: hello }).catch((thrown: unknown) => thrown);
    await until(() => stuck.requests.length === 1);
    await vi.advanceTimersByTimeAsync(2000);
    await pending;
    await stuck.requests[0].aborted;
    expect(stuck.requests[0].wasAborted()).toBe(true);
  });

  it('retries on another deployment when one hangs past its own timeout', async () => {
    const stuck = await faultyUpstream(hanging);
    const healthy = await faultyUpstream(completion('from healthy'));
    const { client, records } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'stuck', stuck, { timeout: 1 }), deployment('gpt-4o', 'healthy', healthy)] },
      { plugin: { num_retries: 1 } },
    );
    const pending = client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    await until(() => stuck.requests.length === 1);
    await vi.advanceTimersByTimeAsync(1000);
    const answer = await pending;
    expect([answer.choices[0].message.content, records[0].context.attempts.map((attempt) => attempt.error?.code)]).toEqual([
      'from healthy',
      ['upstream_timeout', undefined],
    ]);
  });

  it('answers 504 when no stream sent its first chunk within stream_timeout', async () => {
    const silent = await faultyUpstream({ ...hanging, headers: { 'content-type': 'text/event-stream' } });
    const { client } = await startFaultGateway({ model_list: [deployment('gpt-4o', 'silent', silent)] }, { plugin: { stream_timeout: 1, timeout: 60 } });
    const pending = client.chat.completions.create({ model: 'gpt-4o', messages: hello, stream: true }).catch((thrown: unknown) => thrown);
    await until(() => silent.requests.length === 1);
    await vi.advanceTimersByTimeAsync(1000);
    const error = await pending;
    await silent.close();
    expect([(error as { status?: number }).status, (error as { code?: string }).code]).toEqual([504, 'upstream_timeout']);
  });

  it('goes to the fallbacks instead of waiting a Retry-After that would pass the deadline', async () => {
    const limited = await faultyUpstream(openAIError(429, 'rate_limit_exceeded', 'requests', { 'retry-after': '30' }));
    const spare = await faultyUpstream(completion('from spare'));
    const { client, delays } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'limited', limited), deployment('spare', 'spare', spare)] },
      { plugin: { timeout: 10, num_retries: 2, fallbacks: [{ 'gpt-4o': ['spare'] }] } },
    );
    const answer = await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    expect([answer.choices[0].message.content, delays, limited.requests.length]).toEqual(['from spare', [], 1]);
  });
});
