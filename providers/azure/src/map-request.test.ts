import { join } from 'node:path';
import type { ChatRequest } from '@switchyard/core';
import { openAPIValidator, readFixtureJson, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapAzureChatRequest, mapAzureEmbeddingsRequest } from './map-request.js';
import type { AzureAuth, AzureSettings } from './settings.js';

// Azure's own inference spec is not kept in shared/specs (too large to fetch); its chat request is OpenAI's schema plus
// Azure-only extensions (data_sources), so bodies are checked against OpenAI's CreateChatCompletionRequest.
const spec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));

function settingsWith(auth: AzureAuth, headers: Record<string, string> = {}): AzureSettings {
  return {
    preset: { prefix: 'azure', name: 'Azure OpenAI', keyVariables: [], keyRequired: true },
    chatUrl: 'https://res.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    embeddingsUrl: 'https://res.openai.azure.com/openai/deployments/gpt-4o/embeddings?api-version=2024-10-21',
    auth,
    headers,
    secret: undefined,
  };
}

// The request pydantic-ai's Azure provider sent in the recorded call (shared/fixtures/azure/pydantic-ai).
const recordedRequest = readFixtureJson<ChatRequest>('azure/pydantic-ai/test_azure_provider_call.1.request.json');

describe('mapAzureChatRequest', () => {
  it('sends the request body unchanged with the key as api-key (pydantic-ai test_azure_provider_call)', () => {
    const upstream = mapAzureChatRequest(recordedRequest, settingsWith({ kind: 'key', key: 'azure-key-0001', header: 'api-key' }));
    expect(upstream).toStrictEqual({
      url: 'https://res.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
      headers: { 'content-type': 'application/json', 'api-key': 'azure-key-0001' },
      body: { messages: [{ content: 'What is the capital of France?', role: 'user' }], model: 'gpt-4o', n: 1, stream: false },
    });
    expect(upstream.body).toBe(recordedRequest);
    expect(spec.check('CreateChatCompletionRequest', upstream.body)).toStrictEqual([]);
  });

  it('sends a serverless key, an azure_ad_token and an Entra ID token as Bearer', () => {
    expect(mapAzureChatRequest(recordedRequest, settingsWith({ kind: 'key', key: 'serverless', header: 'authorization' })).headers).toStrictEqual({
      'content-type': 'application/json',
      authorization: 'Bearer serverless',
    });
    expect(mapAzureChatRequest(recordedRequest, settingsWith({ kind: 'token', token: 'static-token' })).headers).toStrictEqual({
      'content-type': 'application/json',
      authorization: 'Bearer static-token',
    });
    const clientSecret: AzureAuth = { kind: 'client-secret', tenantId: 't', clientId: 'c', clientSecret: 's', scope: 'x', tokenUrl: 'https://login/t' };
    expect(mapAzureChatRequest(recordedRequest, settingsWith(clientSecret), 'entra-token').headers).toStrictEqual({
      'content-type': 'application/json',
      authorization: 'Bearer entra-token',
    });
    expect(() => mapAzureChatRequest(recordedRequest, settingsWith(clientSecret))).toThrow('a client-secret deployment needs its Entra ID token to build a request');
  });

  it('adds the operator headers last, so they may replace the auth header', () => {
    const upstream = mapAzureChatRequest(recordedRequest, settingsWith({ kind: 'key', key: 'k', header: 'api-key' }, { 'extra-parameters': 'pass-through', 'api-key': 'override' }));
    expect(upstream.headers).toStrictEqual({ 'content-type': 'application/json', 'api-key': 'override', 'extra-parameters': 'pass-through' });
  });

  it('passes tools, images and stream options through untouched', () => {
    const request: ChatRequest = {
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } }] },
      ],
      tools: [{ type: 'function', function: { name: 'describe', parameters: { type: 'object', properties: { what: { type: 'string' } }, required: ['what'] } } }],
      tool_choice: 'auto',
      parallel_tool_calls: true,
      stream: true,
      stream_options: { include_usage: true },
    };
    const upstream = mapAzureChatRequest(request, settingsWith({ kind: 'key', key: 'k', header: 'api-key' }));
    expect(upstream.body).toStrictEqual(request);
    expect(spec.check('CreateChatCompletionRequest', upstream.body)).toStrictEqual([]);
  });
});

describe('mapAzureEmbeddingsRequest', () => {
  it('posts to the deployment’s embeddings URL', () => {
    const request = { model: 'text-embedding-3-small', input: ['a', 'b'] };
    expect(mapAzureEmbeddingsRequest(request, settingsWith({ kind: 'key', key: 'k', header: 'api-key' }))).toStrictEqual({
      url: 'https://res.openai.azure.com/openai/deployments/gpt-4o/embeddings?api-version=2024-10-21',
      headers: { 'content-type': 'application/json', 'api-key': 'k' },
      body: request,
    });
    expect(spec.check('CreateEmbeddingRequest', request)).toStrictEqual([]);
  });
});
