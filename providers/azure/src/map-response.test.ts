import { readFileSync } from 'node:fs';
import { UpstreamError, attachRawJson, rawJsonOf } from '@switchyard/core';
import { readFixtureText } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapAzureResponse } from './map-response.js';
import type { AzureSettings } from './settings.js';

const settings: AzureSettings = {
  preset: { prefix: 'azure', name: 'Azure OpenAI', keyVariables: [], keyRequired: true },
  chatUrl: 'https://res.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
  embeddingsUrl: 'https://res.openai.azure.com/openai/deployments/gpt-4o/embeddings?api-version=2024-10-21',
  auth: { kind: 'key', key: 'k', header: 'api-key' },
  headers: {},
  secret: 'k',
};

function answerOf(text: string, status = 200) {
  return { status, headers: {}, body: JSON.parse(text) as unknown, text };
}

const safe = { filtered: false, severity: 'safe' };

describe('mapAzureResponse', () => {
  it('keeps prompt_filter_results and content_filter_results, and the exact text (pydantic-ai test_azure_provider_call)', () => {
    const text = readFixtureText('azure/pydantic-ai/test_azure_provider_call.1.response.json');
    const response = mapAzureResponse(answerOf(text), settings);
    expect(response).toStrictEqual(
      attachRawJson({
      choices: [
        {
          content_filter_results: {
            hate: safe,
            protected_material_code: { detected: false, filtered: false },
            protected_material_text: { detected: false, filtered: false },
            self_harm: safe,
            sexual: safe,
            violence: safe,
          },
          finish_reason: 'stop',
          index: 0,
          logprobs: null,
          message: { content: 'The capital of France is **Paris**.', refusal: null, role: 'assistant' },
        },
      ],
      created: 1741880483,
      id: 'chatcmpl-BAeyRj7gU6aCNSSAskAFbupBWYMIT',
      model: 'gpt-4o-2024-11-20',
      object: 'chat.completion',
      prompt_filter_results: [
        { content_filter_results: { hate: safe, jailbreak: { detected: false, filtered: false }, self_harm: safe, sexual: safe, violence: safe }, prompt_index: 0 },
      ],
      system_fingerprint: 'fp_ded0d14823',
      usage: {
        completion_tokens: 9,
        completion_tokens_details: { accepted_prediction_tokens: 0, audio_tokens: 0, reasoning_tokens: 0, rejected_prediction_tokens: 0 },
        prompt_tokens: 14,
        prompt_tokens_details: { audio_tokens: 0, cached_tokens: 0 },
        total_tokens: 23,
      },
    }, text),
    );
    expect(rawJsonOf(response)).toBe(text);
  });

  it('passes reasoning_content of a Foundry DeepSeek model through (vercel-ai azure-deepseek-reasoning)', () => {
    const text = readFixtureText('azure/vercel-ai/responses/azure-deepseek-reasoning.1.json');
    const response = mapAzureResponse<{ choices: Array<{ message: { reasoning_content: string } }>; usage: unknown; prompt_filter_results: unknown }>(answerOf(text), settings);
    expect({ reasoning: response.choices[0].message.reasoning_content.slice(0, 47), usage: response.usage, promptFilter: response.prompt_filter_results }).toStrictEqual({
      reasoning: 'We need to invent a new holiday around the late',
      usage: { prompt_tokens: 19, completion_tokens: 1969, total_tokens: 1988, audio_prompt_tokens: 0 },
      promptFilter: null,
    });
    expect(rawJsonOf(response)).toBe(text);
  });

  it('throws an {"error":…} body that came with status 200 as Azure’s error', () => {
    const text = readFileText('prompt-filtered.400.json');
    expect(() => mapAzureResponse(answerOf(text), settings)).toThrow(UpstreamError);
    try {
      mapAzureResponse(answerOf(text), settings);
    } catch (error) {
      expect([(error as UpstreamError).errorClass, (error as UpstreamError).code]).toStrictEqual(['ContentPolicyViolationError', 'content_policy_violation']);
    }
  });

  it('refuses a body that is not an object', () => {
    expect(() => mapAzureResponse(answerOf('[1]'), settings)).toThrow('azure answered with JSON that is not an object');
  });
});

/** A body built from Microsoft's documentation (test-fixtures/README.md). */
function readFileText(name: string): string {
  return readFileSync(new URL(`../test-fixtures/${name}`, import.meta.url), 'utf8');
}
