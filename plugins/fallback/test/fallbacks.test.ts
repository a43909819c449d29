import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import { completion, deployment, faultyUpstream, hello, openAIError, runCleanups, startFaultGateway } from './fault-gateway.js';

afterEach(runCleanups);

/** Answers of the fallback tests: which upstream wrote the answer, and the model header. */
async function answerOf(client: Awaited<ReturnType<typeof startFaultGateway>>['client'], body: ChatCompletionCreateParamsNonStreaming) {
  const { data, response } = await client.chat.completions.create(body).withResponse();
  return { content: data.choices[0].message.content, model: response.headers.get('x-switchyard-model') };
}

describe('fallbacks', () => {
  it('goes down the configured fallbacks of a model that keeps failing', async () => {
    const primary = await faultyUpstream(openAIError(500, null, 'server_error'));
    const secondChoice = await faultyUpstream(openAIError(503, null, 'server_error'));
    const thirdChoice = await faultyUpstream(completion('from gemini'));
    const { client, records } = await startFaultGateway(
      {
        model_list: [deployment('gpt-4o', 'gpt', primary), deployment('claude-sonnet', 'claude', secondChoice), deployment('gemini-flash', 'gemini', thirdChoice)],
      },
      { plugin: { fallbacks: [{ 'gpt-4o': ['claude-sonnet', 'gemini-flash'] }] } },
    );
    expect(await answerOf(client, { model: 'gpt-4o', messages: hello })).toEqual({ content: 'from gemini', model: 'gemini-flash' });
    expect(records[0].context.attempts.map((attempt) => attempt.deployment.id)).toEqual(['gpt', 'claude', 'gemini']);
  });

  it('sends a request too long for the model to its context_window_fallbacks only', async () => {
    const short = await faultyUpstream(openAIError(400, 'context_length_exceeded', 'invalid_request_error'));
    const generic = await faultyUpstream(completion('from generic'));
    const long = await faultyUpstream(completion('from long'));
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'short', short), deployment('generic', 'generic', generic), deployment('long-context', 'long', long)] },
      { plugin: { num_retries: 2, fallbacks: [{ 'gpt-4o': ['generic'] }], context_window_fallbacks: [{ 'gpt-4o': ['long-context'] }] } },
    );
    expect(await answerOf(client, { model: 'gpt-4o', messages: hello })).toEqual({ content: 'from long', model: 'long-context' });
    expect([short.requests.length, generic.requests.length]).toEqual([1, 0]);
  });

  it('sends a content-policy refusal to content_policy_fallbacks', async () => {
    const prude = await faultyUpstream(openAIError(400, 'content_policy_violation', 'invalid_request_error'));
    const lenient = await faultyUpstream(completion('from lenient'));
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'prude', prude), deployment('lenient', 'lenient', lenient)] },
      { plugin: { content_policy_fallbacks: [{ 'gpt-4o': ['lenient'] }] } },
    );
    expect(await answerOf(client, { model: 'gpt-4o', messages: hello })).toEqual({ content: 'from lenient', model: 'lenient' });
  });

  it('answers a context-length refusal as it came when the model has no context_window_fallbacks', async () => {
    const short = await faultyUpstream(openAIError(400, 'context_length_exceeded', 'invalid_request_error'));
    const generic = await faultyUpstream(completion('from generic'));
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'short', short), deployment('generic', 'generic', generic)] },
      { plugin: { default_fallbacks: ['generic'] } },
    );
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: hello }).catch((thrown: unknown) => thrown);
    expect([(error as { status?: number }).status, (error as { code?: string }).code, generic.requests.length]).toEqual([400, 'context_length_exceeded', 0]);
  });

  it('uses default_fallbacks for a model without its own entry', async () => {
    const primary = await faultyUpstream(openAIError(500, null, 'server_error'));
    const spare = await faultyUpstream(completion('from spare'));
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'gpt', primary), deployment('spare', 'spare', spare)] },
      { plugin: { default_fallbacks: ['spare'] } },
    );
    expect(await answerOf(client, { model: 'gpt-4o', messages: hello })).toEqual({ content: 'from spare', model: 'spare' });
  });

  it('follows the fallbacks the request names instead of the configured ones', async () => {
    const primary = await faultyUpstream(openAIError(500, null, 'server_error'));
    const configured = await faultyUpstream(completion('from configured'));
    const chosen = await faultyUpstream(completion('from chosen'));
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'gpt', primary), deployment('configured', 'configured', configured), deployment('chosen', 'chosen', chosen)] },
      { plugin: { fallbacks: [{ 'gpt-4o': ['configured'] }] } },
    );
    // `fallbacks` is not an OpenAI parameter; the client sends unknown body fields as they are.
    const body = { model: 'gpt-4o', messages: hello, fallbacks: ['chosen'] } as ChatCompletionCreateParamsNonStreaming;
    expect(await answerOf(client, body)).toEqual({ content: 'from chosen', model: 'chosen' });
    expect(JSON.parse(chosen.requests[0].body)).not.toHaveProperty('fallbacks');
  });
});
