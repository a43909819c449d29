import { join } from 'node:path';
import type { ChatRequest } from '@switchyard/core';
import { readCassette, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { checkMessage, loadProto } from '../test/proto-schema.js';
import { buildGeminiRequestBody, geminiSupportedParams, mapGeminiChatRequest } from './map-request.js';
import type { GeminiSettings } from './settings.js';

const protoDir = join(specsDir(), 'gemini/proto/generativelanguage-v1beta');
const proto = loadProto(['generative_service.proto', 'content.proto', 'safety.proto'].map((file) => join(protoDir, file)));
// thinkingLevel is documented for Gemini 3 (https://ai.google.dev/gemini-api/docs/thinking) but missing from the
// v1beta proto snapshot; Vertex's aiplatform proto defines it on the same ThinkingConfig message.
const vertexProto = loadProto([join(specsDir(), 'gemini/proto/aiplatform-v1/content.proto')]);
proto.messages.get('ThinkingConfig')!.set('thinkingLevel', vertexProto.messages.get('ThinkingConfig')!.get('thinkingLevel')!);

const settings: GeminiSettings = { baseUrl: 'https://generativelanguage.googleapis.com', apiVersion: 'v1beta', apiKey: 'AIza-test-key', safetySettings: undefined, headers: { 'x-goog-api-key': 'AIza-test-key' } };
const options = { provider: 'gemini', model: 'gemini-2.5-flash' };
const request = (fields: Partial<ChatRequest>): ChatRequest => ({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], ...fields });

describe('mapGeminiChatRequest', () => {
  it('posts to models/{model}:generateContent with the key in x-goog-api-key, not the URL', () => {
    expect(mapGeminiChatRequest(request({}), settings, 'gemini-2.5-flash', false)).toEqual({
      url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'AIza-test-key' },
      body: { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] },
    });
  });

  it('streams from :streamGenerateContent?alt=sse', () => {
    expect(mapGeminiChatRequest(request({}), settings, 'gemini-2.5-flash', true).url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('sends the deployment safety settings', () => {
    const safe = { ...settings, safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }] };
    expect(mapGeminiChatRequest(request({}), safe, 'gemini-2.5-flash', false).body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
    });
  });
});

describe('buildGeminiRequestBody', () => {
  it('gathers system and developer messages into systemInstruction and merges consecutive same-role turns', () => {
    const body = buildGeminiRequestBody(
      request({
        messages: [
          { role: 'system', content: 'You are a helpful chatbot.' },
          { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: 'What is the capital of France?' },
          { role: 'user', content: [{ type: 'text', text: 'One word.' }] },
          { role: 'assistant', content: 'Paris.' },
          { role: 'user', content: 'And Spain?' },
        ],
      }),
      options,
    );
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: 'You are a helpful chatbot.' }, { text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'What is the capital of France?' }, { text: 'One word.' }] },
        { role: 'model', parts: [{ text: 'Paris.' }] },
        { role: 'user', parts: [{ text: 'And Spain?' }] },
      ],
    });
  });

  it('maps a tool round trip like the recorded pydantic-ai turn: functionCall with id, functionResponse named from the call', () => {
    const [, second] = readCassette('gemini/pydantic-ai/test_google_tool_output');
    const recorded = second!.request.body as { contents: unknown[] };
    const body = buildGeminiRequestBody(
      request({
        model: 'gemini-2.0-flash',
        messages: [
          { role: 'user', content: 'What is the largest city in the user country?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'pyd_ai_3fa5644dae1d4aad997ae39c70006fbd', type: 'function', function: { name: 'get_user_country', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'pyd_ai_3fa5644dae1d4aad997ae39c70006fbd', content: 'Mexico' },
        ],
      }),
      options,
    );
    expect(body.contents.slice(0, 2)).toEqual(recorded.contents.slice(0, 2));
    expect(body.contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { id: 'pyd_ai_3fa5644dae1d4aad997ae39c70006fbd', name: 'get_user_country', response: { output: 'Mexico' } } }] });
  });

  it('sends parallel calls back with their thought signature and the results in one user turn', () => {
    const body = buildGeminiRequestBody(
      request({
        model: 'gemini-3-pro-preview',
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' }, provider_specific_fields: { thought_signature: 'c2lnLTE=' } } as never,
              { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_a', content: '18C' },
          { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: '24C' }] },
          { role: 'assistant', content: 'Paris 18C, Rome 24C.', provider_specific_fields: { thought_signatures: ['c2lnLTI='] } } as never,
        ],
      }),
      { provider: 'gemini', model: 'gemini-3-pro-preview' },
    );
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { id: 'call_a', name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnLTE=' },
          { functionCall: { id: 'call_b', name: 'weather', args: { city: 'Rome' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_a', name: 'weather', response: { output: '18C' } } },
          { functionResponse: { id: 'call_b', name: 'weather', response: { output: '24C' } } },
        ],
      },
      { role: 'model', parts: [{ text: 'Paris 18C, Rome 24C.', thoughtSignature: 'c2lnLTI=' }] },
    ]);
  });

  it('leaves the ids out of functionCall and functionResponse with functionCallIds: false (Vertex AI has no such field)', () => {
    const body = buildGeminiRequestBody(
      request({
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' }, provider_specific_fields: { thought_signature: 'c2lnLTE=' } } as never] },
          { role: 'tool', tool_call_id: 'call_a', content: '18C' },
        ],
      }),
      { ...options, functionCallIds: false },
    );
    expect(body.contents).toStrictEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnLTE=' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { output: '18C' } } }] },
    ]);
  });

  it('sends data: URLs inline and http(s) / gs:// URIs as fileData without downloading them', () => {
    const body = buildGeminiRequestBody(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.JPG?size=large', detail: 'high' } },
              { type: 'image_url', image_url: { url: 'gs://bucket/object' } },
              { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
              { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=' } },
            ],
          },
        ],
      }),
      options,
    );
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Compare' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.JPG?size=large' } },
          { fileData: { fileUri: 'gs://bucket/object' } },
          { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
        ],
      },
    ]);
  });

  it('refuses an image URL it cannot pass on', () => {
    expect(() => buildGeminiRequestBody(request({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://host/a.png' } }] }] }), options)).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid_request', param: 'messages[0].content[0].image_url.url' }),
    );
  });

  it('refuses a tool result whose id matches no earlier tool call', () => {
    expect(() => buildGeminiRequestBody(request({ messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'nope', content: 'r' }] }), options)).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[1].tool_call_id' }),
    );
  });

  it('refuses message names and tool arguments that are not a JSON object', () => {
    expect(() => buildGeminiRequestBody(request({ messages: [{ role: 'user', content: 'x', name: 'ann' }] }), options)).toThrow(expect.objectContaining({ code: 'unsupported_parameter', param: 'messages[0].name' }));
    const badArguments = request({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] });
    expect(() => buildGeminiRequestBody(badArguments, options)).toThrow(expect.objectContaining({ param: 'messages[1].tool_calls[0].function.arguments' }));
  });

  it('declares tools with parametersJsonSchema, dropping only $schema, and maps every tool_choice', () => {
    const tools: ChatRequest['tools'] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { city: { type: 'string', minLength: 1 }, $schema: { type: 'string' } }, required: ['city'], additionalProperties: false },
        },
      },
      { type: 'function', function: { name: 'now' } },
    ];
    const expectedTools = [
      {
        functionDeclarations: [
          { name: 'get_weather', description: 'Weather for a city', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string', minLength: 1 }, $schema: { type: 'string' } }, required: ['city'], additionalProperties: false } },
          { name: 'now' },
        ],
      },
    ];
    expect(buildGeminiRequestBody(request({ tools }), options)).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], tools: expectedTools });
    expect(buildGeminiRequestBody(request({ tools, tool_choice: 'auto' }), options).toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(buildGeminiRequestBody(request({ tools, tool_choice: 'none' }), options).toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(buildGeminiRequestBody(request({ tools, tool_choice: 'required' }), options).toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(buildGeminiRequestBody(request({ tools, tool_choice: { type: 'function', function: { name: 'now' } } }), options).toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['now'] } });
    expect(() => buildGeminiRequestBody(request({ tools, tool_choice: { type: 'function', function: { name: 'other' } } }), options)).toThrow(expect.objectContaining({ param: 'tool_choice' }));
    expect(() => buildGeminiRequestBody(request({ tool_choice: 'required' }), options)).toThrow(expect.objectContaining({ param: 'tool_choice' }));
    expect(() => buildGeminiRequestBody(request({ tools, parallel_tool_calls: false }), options)).toThrow(expect.objectContaining({ code: 'unsupported_parameter', param: 'parallel_tool_calls' }));
  });

  it('maps the sampling params into generationConfig', () => {
    const body = buildGeminiRequestBody(
      request({ temperature: 0.2, top_p: 0.9, top_k: 40, max_completion_tokens: 100, stop: 'END', n: 2, presence_penalty: 0.5, frequency_penalty: -0.5, seed: 7, logprobs: true, top_logprobs: 3 }),
      options,
    );
    expect(body.generationConfig).toEqual({ temperature: 0.2, topP: 0.9, topK: 40, maxOutputTokens: 100, stopSequences: ['END'], candidateCount: 2, presencePenalty: 0.5, frequencyPenalty: -0.5, seed: 7, responseLogprobs: true, logprobs: 3 });
  });

  it('refuses max_tokens and max_completion_tokens that disagree, and top_logprobs without logprobs', () => {
    expect(() => buildGeminiRequestBody(request({ max_tokens: 5, max_completion_tokens: 6 }), options)).toThrow(expect.objectContaining({ param: 'max_completion_tokens' }));
    expect(buildGeminiRequestBody(request({ max_tokens: 5, max_completion_tokens: 5 }), options).generationConfig).toEqual({ maxOutputTokens: 5 });
    expect(() => buildGeminiRequestBody(request({ top_logprobs: 2 }), options)).toThrow(expect.objectContaining({ param: 'top_logprobs' }));
  });

  it('maps response_format to responseMimeType and responseJsonSchema', () => {
    expect(buildGeminiRequestBody(request({ response_format: { type: 'json_object' } }), options).generationConfig).toEqual({ responseMimeType: 'application/json' });
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    expect(buildGeminiRequestBody(request({ response_format: { type: 'json_schema', json_schema: { name: 'city', schema, strict: true } } }), options).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    });
    expect(buildGeminiRequestBody(request({ response_format: { type: 'text' } }), options).generationConfig).toBeUndefined();
  });

  it('writes only field names and enum values the Gemini protos define', () => {
    const body = buildGeminiRequestBody(
      request({
        model: 'gemini-3-pro-preview',
        messages: [
          { role: 'system', content: 'sys' },
          { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
          { role: 'assistant', content: 'calling', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' }, provider_specific_fields: { thought_signature: 'c2ln' } } as never] },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
        tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: { a: { type: 'integer' } } } } }],
        tool_choice: { type: 'function', function: { name: 'f' } },
        temperature: 1, top_p: 1, top_k: 3, max_tokens: 10, stop: ['x'], n: 1, presence_penalty: 0, frequency_penalty: 0, seed: 1, logprobs: true, top_logprobs: 1,
        response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'object' } } },
        reasoning_effort: 'low',
      }),
      { provider: 'gemini', model: 'gemini-3-pro-preview', safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }] },
    );
    expect(Object.keys(body.generationConfig!).length).toBe(14);
    expect(checkMessage(proto, 'GenerateContentRequest', body)).toEqual([]);
    // The check itself can fail: a snake_case name or a wrong enum value is caught.
    expect(checkMessage(proto, 'GenerateContentRequest', { contents: [], generation_config: {}, toolConfig: { functionCallingConfig: { mode: 'REQUIRED' } } })).toEqual([
      '$.generation_config: not a field of GenerateContentRequest',
      '$.toolConfig.functionCallingConfig.mode: REQUIRED is not a Mode',
    ]);
  });

  it('lists the params it maps', () => {
    expect([...geminiSupportedParams].sort()).toEqual([
      'dimensions', 'encoding_format', 'frequency_penalty', 'logprobs', 'max_completion_tokens', 'max_tokens', 'n', 'parallel_tool_calls', 'presence_penalty', 'reasoning_effort',
      'response_format', 'seed', 'stop', 'stream_options', 'temperature', 'thinking', 'tool_choice', 'tools', 'top_k', 'top_logprobs', 'top_p',
    ]);
  });
});
