import { join } from 'node:path';
import { prepareConfig, type ChatRequest, type Deployment, type LitellmParams } from '@switchyard/core';
import { openAPIValidator, readFixtureJson, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { vertexProtoValidator } from '../test/proto-spec.js';
import { mapVertexChatRequest } from './map-request.js';
import { resolveVertexSettings } from './settings.js';

// Vertex's own request schema (aiplatform v1 protos) and Anthropic's Messages spec check every body built here. The
// Anthropic document (Nov 2024) predates extended thinking and output_config; bodies using those cannot be checked.
const vertexSpec = vertexProtoValidator();
const anthropicSpec = openAPIValidator(join(specsDir(), 'anthropic', 'anthropic-openapi.stainless-2024-11.yaml'));

function settingsOf(litellmParams: Partial<LitellmParams>) {
  const deployment: Deployment = prepareConfig({ model_list: [{ model_name: 'm', litellm_params: { model: 'vertex_ai/gemini-2.5-flash', vertex_project: 'my-project', ...litellmParams } as LitellmParams }] }, { env: {} }).deployments[0];
  return resolveVertexSettings(deployment, {});
}

const target = { project: 'my-project', authHeaders: { authorization: 'Bearer ya29.test-token' } };

/** Anthropic's spec knows `model` and not Vertex's `anthropic_version`: the body is checked as the Messages API would see it. */
function asMessagesBody(body: unknown): unknown {
  const { anthropic_version: _version, ...rest } = body as Record<string, unknown>;
  return { model: 'claude-sonnet-4-20250514', ...rest };
}

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe('Gemini models: generateContent', () => {
  it('sends the recorded Vertex request (pydantic-ai test_google_model_vertex_provider) to the regional URL', () => {
    const request: ChatRequest = { model: 'gemini-2.0-flash', messages: [{ role: 'system', content: 'You are a helpful chatbot.' }, { role: 'user', content: 'What is the capital of France?' }] };
    const upstream = mapVertexChatRequest(request, settingsOf({ model: 'vertex_ai/gemini-2.0-flash', vertex_location: 'europe-west4' }), target, { stream: false });
    expect(upstream).toEqual({
      url: 'https://europe-west4-aiplatform.googleapis.com/v1/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.0-flash:generateContent',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ya29.test-token' },
      body: {
        contents: [{ role: 'user', parts: [{ text: 'What is the capital of France?' }] }],
        systemInstruction: { parts: [{ text: 'You are a helpful chatbot.' }] },
      },
    });
    // pydantic-ai's recorded body says the same, plus an empty generationConfig and a role on the system instruction.
    const recorded = readFixtureJson('gemini/pydantic-ai/test_google_model_vertex_provider.1.request.json') as Record<string, unknown>;
    expect(upstream.body).toEqual({ contents: recorded.contents, systemInstruction: { parts: (recorded.systemInstruction as { parts: unknown }).parts } });
    expect(vertexSpec.check('GenerateContentRequest', upstream.body)).toEqual([]);
  });

  it('streams from the global endpoint with alt=sse and puts the operator headers last', () => {
    const upstream = mapVertexChatRequest(
      { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], stream: true },
      settingsOf({ vertex_location: 'global', extra_headers: { 'x-goog-user-project': 'billing' } }),
      target,
      { stream: true },
    );
    expect(upstream).toEqual({
      url: 'https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ya29.test-token', 'x-goog-user-project': 'billing' },
      body: { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] },
    });
  });

  it('sends tools, images, tool results and reasoning in a body Vertex accepts, without the function ids Vertex refuses', () => {
    const request: ChatRequest = {
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather where this photo was taken?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
        { role: 'tool', tool_call_id: 'call_2', content: '{"temp":24}' },
      ],
      tools: [weatherTool],
      tool_choice: 'required',
      temperature: 0.2,
      max_tokens: 512,
      reasoning_effort: 'low',
    };
    const upstream = mapVertexChatRequest(request, settingsOf({}), target, { stream: false });
    expect(upstream.body).toStrictEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Weather where this photo was taken?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }, { functionCall: { name: 'get_weather', args: { city: 'Lyon' } } }] },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get_weather', response: { output: '{"temp":21}' } } },
            { functionResponse: { name: 'get_weather', response: { output: '{"temp":24}' } } },
          ],
        },
      ],
      tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Current weather in a city', parametersJsonSchema: weatherTool.function.parameters }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
      generationConfig: { temperature: 0.2, maxOutputTokens: 512, thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
    });
    expect(vertexSpec.check('GenerateContentRequest', upstream.body)).toEqual([]);
  });

  it('has a spec check that fails on what Vertex refuses', () => {
    expect(vertexSpec.check('GenerateContentRequest', { contents: [{ role: 'model', parts: [{ functionCall: { id: 'call_1', name: 'f', args: {} } }] }] })).toEqual([
      'contents[0].parts[0].functionCall.id: is not a known option',
    ]);
  });
});

describe('Claude models: rawPredict', () => {
  it('sends the Messages body without model, with anthropic_version vertex-2023-10-16, to publishers/anthropic', () => {
    const request: ChatRequest = { model: 'claude-sonnet-4@20250514', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is 1+1?' }], max_tokens: 256 };
    const upstream = mapVertexChatRequest(request, settingsOf({ model: 'vertex_ai/claude-sonnet-4@20250514', vertex_location: 'us-east5' }), target, { stream: false });
    expect(upstream).toEqual({
      url: 'https://us-east5-aiplatform.googleapis.com/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ya29.test-token' },
      body: { anthropic_version: 'vertex-2023-10-16', max_tokens: 256, messages: [{ role: 'user', content: [{ type: 'text', text: 'What is 1+1?' }] }], system: [{ type: 'text', text: 'Be brief.' }] },
    });
    expect(anthropicSpec.check('CreateMessageParams', asMessagesBody(upstream.body))).toEqual([]);
  });

  it('streams through streamRawPredict with stream: true, tools and images, and the catalog max_tokens when none is given', () => {
    const request: ChatRequest = {
      model: 'claude-sonnet-4@20250514',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather here?' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_01', content: '21C' },
      ],
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      stream: true,
    };
    const upstream = mapVertexChatRequest(request, settingsOf({ model: 'vertex_ai/claude-sonnet-4@20250514' }), target, { stream: true, defaultMaxTokens: 64000 });
    expect(upstream).toEqual({
      url: 'https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ya29.test-token' },
      body: {
        anthropic_version: 'vertex-2023-10-16',
        max_tokens: 64000,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather here?' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '21C' }] },
        ],
        tools: [{ name: 'get_weather', description: 'Current weather in a city', input_schema: weatherTool.function.parameters }],
        tool_choice: { type: 'tool', name: 'get_weather' },
        stream: true,
      },
    });
    expect(anthropicSpec.check('CreateMessageParams', asMessagesBody(upstream.body))).toEqual([]);
  });

  it('refuses n > 1 with the vertex_ai id in the message', () => {
    expect(() => mapVertexChatRequest({ model: 'c', messages: [{ role: 'user', content: 'x' }], n: 2 }, settingsOf({ model: 'vertex_ai/claude-sonnet-4@20250514' }), target, { stream: false })).toThrow(
      expect.objectContaining({ code: 'unsupported_parameter', param: 'n', message: 'vertex_ai: Anthropic returns one choice per request; n must be 1' }),
    );
  });
});
