import { readFileSync } from 'node:fs';
import type { UpstreamError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapAzureError, mapAzureErrorPayload } from './map-error.js';

const azure = { preset: { prefix: 'azure', name: 'Azure OpenAI', keyVariables: [], keyRequired: true }, secret: 'azure-secret-key-0123456789' };
const azureAI = { preset: { prefix: 'azure_ai', name: 'Azure AI Foundry', keyVariables: [], keyRequired: true }, secret: undefined };

function view(error: UpstreamError) {
  return {
    errorClass: error.errorClass,
    status: error.status,
    type: error.type,
    code: error.code,
    param: error.param,
    message: error.message,
    headers: error.headers,
    upstreamStatus: error.upstreamStatus,
    retryable: error.retryable,
  };
}

// The 400 Azure OpenAI answers when the content filter stops the prompt, built from "Use a blocklist" (test-fixtures/README.md).
const promptFilteredBody = readFileSync(new URL('../test-fixtures/prompt-filtered.400.json', import.meta.url), 'utf8');

describe('mapAzureError', () => {
  it('a prompt stopped by the content filter is a ContentPolicyViolationError keeping Azure’s message (doc: Use a blocklist)', () => {
    expect(view(mapAzureError(azure, { status: 400, headers: {}, bodyText: promptFilteredBody }))).toStrictEqual({
      errorClass: 'ContentPolicyViolationError',
      status: 400,
      type: 'invalid_request_error',
      code: 'content_policy_violation',
      param: 'prompt',
      message:
        "azure: The response was filtered due to the prompt triggering Azure OpenAI’s content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
      headers: {},
      upstreamStatus: 400,
      retryable: false,
    });
  });

  it('the model inference API’s top-level content_filter body is one too (doc: Azure AI Model Inference API, Content safety)', () => {
    const bodyText = '{"status": 400, "code": "content_filter", "message": "The response was filtered", "param": "messages", "type": null}';
    expect(view(mapAzureError(azureAI, { status: 400, headers: {}, bodyText }))).toStrictEqual({
      errorClass: 'ContentPolicyViolationError',
      status: 400,
      type: 'invalid_request_error',
      code: 'content_policy_violation',
      param: 'messages',
      message: 'azure_ai: The response was filtered',
      headers: {},
      upstreamStatus: 400,
      retryable: false,
    });
  });

  it('DeploymentNotFound is a NotFoundError with the class code', () => {
    const bodyText =
      '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}';
    expect(view(mapAzureError(azure, { status: 404, headers: {}, bodyText }))).toStrictEqual({
      errorClass: 'NotFoundError',
      status: 404,
      type: 'invalid_request_error',
      code: 'not_found',
      param: null,
      message: 'azure: The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      headers: {},
      upstreamStatus: 404,
      retryable: false,
    });
  });

  it('a numeric code "401" is an AuthenticationError', () => {
    const bodyText =
      '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}';
    expect(view(mapAzureError(azure, { status: 401, headers: {}, bodyText }))).toMatchObject({ errorClass: 'AuthenticationError', status: 401, type: 'authentication_error', code: 'invalid_api_key' });
  });

  it('the API gateway’s {"statusCode":401} shape is an AuthenticationError', () => {
    const bodyText = '{ "statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired." }';
    expect(view(mapAzureError(azure, { status: 401, headers: {}, bodyText }))).toStrictEqual({
      errorClass: 'AuthenticationError',
      status: 401,
      type: 'authentication_error',
      code: 'invalid_api_key',
      param: null,
      message: 'azure: Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
      headers: {},
      upstreamStatus: 401,
      retryable: false,
    });
  });

  it('a 429 with only retry-after-ms is a RateLimitError with retry-after in whole seconds, rounded up', () => {
    const bodyText =
      '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds."}}';
    expect(view(mapAzureError(azure, { status: 429, headers: { 'retry-after-ms': '5400' }, bodyText }))).toStrictEqual({
      errorClass: 'RateLimitError',
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      param: null,
      message:
        'azure: Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds.',
      headers: { 'retry-after': '6' },
      upstreamStatus: 429,
      retryable: true,
    });
  });

  it('a 429 keeps retry-after when Azure sends it, and reads x-ms-retry-after-ms', () => {
    const bodyText = '{"error":{"code":"429","message":"Rate limit is exceeded."}}';
    expect(mapAzureError(azure, { status: 429, headers: { 'retry-after': '3', 'retry-after-ms': '2500' }, bodyText }).headers).toStrictEqual({ 'retry-after': '3' });
    expect(mapAzureError(azure, { status: 429, headers: { 'x-ms-retry-after-ms': '100' }, bodyText }).headers).toStrictEqual({ 'retry-after': '1' });
  });

  it('an OpenAI-style context_length_exceeded stays a ContextWindowExceededError with its code and param', () => {
    const bodyText =
      '{"error":{"message":"This model\'s maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}';
    expect(view(mapAzureError(azure, { status: 400, headers: {}, bodyText }))).toMatchObject({
      errorClass: 'ContextWindowExceededError',
      status: 400,
      code: 'context_length_exceeded',
      param: 'messages',
      type: 'invalid_request_error',
    });
  });

  it('OperationNotSupported is a BadRequestError with the class code', () => {
    const bodyText = '{"error":{"code":"OperationNotSupported","message":"The chatCompletion operation does not work with the specified model, text-embedding-3-small. Please choose different model and try again."}}';
    expect(view(mapAzureError(azure, { status: 400, headers: {}, bodyText }))).toMatchObject({ errorClass: 'BadRequestError', status: 400, code: 'invalid_request', type: 'invalid_request_error' });
  });

  it('the model inference API’s 422 parameter_not_supported names the parameter from detail.loc (doc: Azure AI Model Inference API)', () => {
    const bodyText = '{"status": 422, "code": "parameter_not_supported", "detail": {"loc": ["body", "response_format"], "input": "json_object"}, "message": "One of the parameters contain invalid values."}';
    expect(view(mapAzureError(azureAI, { status: 422, headers: {}, bodyText }))).toStrictEqual({
      errorClass: 'BadRequestError',
      status: 422,
      type: 'invalid_request_error',
      code: 'parameter_not_supported',
      param: 'response_format',
      message: 'azure_ai: One of the parameters contain invalid values.',
      headers: {},
      upstreamStatus: 422,
      retryable: false,
    });
  });

  it('a 500 is a 502 upstream_error; a 503 keeps retry-after', () => {
    const bodyText = '{"error":{"code":"InternalServerError","message":"The service is temporarily unable to process your request."}}';
    expect(view(mapAzureError(azure, { status: 500, headers: {}, bodyText }))).toMatchObject({ errorClass: 'InternalServerError', status: 502, code: 'upstream_error', type: 'upstream_error' });
    expect(view(mapAzureError(azure, { status: 503, headers: { 'retry-after-ms': '2000' }, bodyText }))).toMatchObject({
      errorClass: 'ServiceUnavailableError',
      status: 503,
      code: 'service_unavailable',
      headers: { 'retry-after': '2' },
    });
  });

  it('masks the deployment key where Azure echoes it', () => {
    const bodyText = `{"error":{"code":"401","message":"Key ${azure.secret} is not valid."}}`;
    expect(mapAzureError(azure, { status: 401, headers: {}, bodyText }).message).toBe('azure: Key …6789 is not valid.');
  });
});

describe('mapAzureErrorPayload', () => {
  it('an in-stream content_filter error with status 400 is a ContentPolicyViolationError', () => {
    const payload = JSON.parse(promptFilteredBody) as { error: unknown };
    expect(view(mapAzureErrorPayload(azure, payload, promptFilteredBody))).toMatchObject({ errorClass: 'ContentPolicyViolationError', status: 400, code: 'content_policy_violation', upstreamStatus: 400 });
  });

  it('an in-stream error without a status is the upstream’s failure, a 502', () => {
    const text = '{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}';
    expect(view(mapAzureErrorPayload(azure, JSON.parse(text) as { error: unknown }, text))).toMatchObject({ errorClass: 'InternalServerError', status: 502, code: 'upstream_error', upstreamStatus: 500 });
  });
});
