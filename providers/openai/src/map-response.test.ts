import { GatewayError, attachRawJson, rawJsonOf, type ChatResponse, type UpstreamJson } from '@switchyard/core';
import { readFixtureText } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapOpenAIResponse } from './map-response.js';

function answerOf(text: string, status = 200): UpstreamJson {
  return { status, headers: {}, body: JSON.parse(text) as unknown, text };
}

const toError = (_payload: { error: unknown }, text: string) => new GatewayError({ code: 'upstream_error', message: `mapped ${text}` });

describe('mapOpenAIResponse', () => {
  it('returns the body as parsed, with the exact upstream text attached', () => {
    const text = readFixtureText('openai/openai-node/chat.structured-output.json');
    const response = mapOpenAIResponse<ChatResponse>(answerOf(text), 'openai', toError);
    expect(response).toStrictEqual(attachRawJson(JSON.parse(text) as object, text));
    expect(rawJsonOf(response)).toBe(text);
  });

  it("keeps the host's own fields (Groq's x_groq and usage timings)", () => {
    const text = readFixtureText('openai-compatible/pydantic-ai/test_groq_model_instructions.1.response.json');
    const response = mapOpenAIResponse<ChatResponse>(answerOf(text), 'groq', toError);
    expect(response.x_groq).toStrictEqual({ id: 'req_01jr8hj0hzeq9b86xqb5dn7wqs' });
    expect(response.usage).toStrictEqual({
      completion_time: 0.029090909,
      completion_tokens: 8,
      prompt_time: 0.002665957,
      prompt_tokens: 48,
      queue_time: 0.100731848,
      total_time: 0.031756866,
      total_tokens: 56,
    });
  });

  it('throws an error report that came with status 200, as toError maps it', () => {
    const text = '{"error":{"message":"model overloaded","type":"server_error","code":null}}';
    expect(() => mapOpenAIResponse(answerOf(text), 'openai', toError)).toThrow(`mapped ${text}`);
  });

  it('refuses JSON that is not an object with 502 upstream_invalid_response', () => {
    let thrown: unknown;
    try {
      mapOpenAIResponse(answerOf('[1,2]'), 'openrouter', toError);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as GatewayError).toOpenAIError()).toStrictEqual({
      error: { message: 'openrouter answered with JSON that is not an object', type: 'upstream_error', param: null, code: 'upstream_invalid_response' },
    });
    expect((thrown as GatewayError).status).toBe(502);
  });
});
