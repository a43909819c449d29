import { UpstreamError, errorClassOfStatus, upstreamError, type UpstreamFailure } from '@switchyard/core';
import { mapOpenAIError, mapOpenAIErrorPayload } from '@switchyard/provider-openai';
import type { AzureSettings } from './settings.js';

/*
 * Azure answers errors in three shapes:
 * - OpenAI's {"error":{"message","type","param","code"}} (context_length_exceeded, invalid_request_error…), which the
 *   shared OpenAI mapping handles;
 * - its own {"error":{"code":"DeploymentNotFound"|"401"|"429"|"OperationNotSupported",…,"message"}} and the API
 *   gateway's {"statusCode":401,"message":…}, whose codes are no OpenAI codes: those take their class's code;
 * - a prompt stopped by the content filter: 400 {"error":{"code":"content_filter","param":"prompt","innererror":
 *   {"code":"ResponsibleAIPolicyViolation","content_filter_result":{…}}}} (Azure OpenAI), or the model inference API's
 *   top-level {"status":400,"code":"content_filter","message":…,"param":"messages"}: ContentPolicyViolationError.
 * Azure's 429 carries retry-after and also retry-after-ms (or x-ms-retry-after-ms, the names Azure's own SDK retry
 * policy reads); a millisecond value becomes retry-after (whole seconds, rounded up) when retry-after is missing.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/how-to/use-blocklists (the content_filter 400 body)
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference (errorResponse, innerError)
 * @see https://learn.microsoft.com/azure/ai-foundry/model-inference/reference/reference-model-inference-api#content-safety
 * @see https://github.com/Azure/azure-sdk-for-js/blob/main/sdk/core/core-rest-pipeline/src/retryStrategies/throttlingRetryStrategy.ts
 */

// An OpenAI-style error code (snake_case); Azure's own codes ("401", "DeploymentNotFound") are not.
const openAIStyleCode = /^[a-z][a-z0-9_]*$/;

interface AzureErrorFields {
  code?: string;
  /** The model inference API's 422 names the refused parameter in detail.loc, e.g. ["body","response_format"]. */
  detailParam?: string;
}

export function mapAzureError(settings: Pick<AzureSettings, 'preset' | 'secret'>, failure: UpstreamFailure): UpstreamError {
  // Core's OpenAI-style mapping already turns retry-after-ms / x-ms-retry-after-ms into retry-after.
  const mapped = mapOpenAIError(settings.preset, failure, settings.secret) as UpstreamError;
  const fields = azureErrorFields(failure.bodyText);
  const provider = settings.preset.prefix;
  const shared = { provider, upstreamStatus: failure.status, message: mapped.message, headers: mapped.headers };
  if (fields.code === 'content_filter') return upstreamError('ContentPolicyViolationError', { ...shared, param: mapped.param });
  if (failure.status < 500 && (fields.code === undefined || !openAIStyleCode.test(fields.code)) && mapped.errorClass !== 'ContextWindowExceededError') {
    return upstreamError(errorClassOfStatus(failure.status), { ...shared, param: mapped.param ?? fields.detailParam ?? null });
  }
  if (mapped.param === null && fields.detailParam !== undefined) {
    return new UpstreamError({ ...shared, status: mapped.status, code: mapped.code, type: mapped.type, param: fields.detailParam, errorClass: mapped.errorClass });
  }
  return mapped;
}

/**
 * An {"error":…} that arrived with status 200 (mid-stream, or as a whole body): the shared mapping reads the status it
 * names, then it is mapped as a failure with that status.
 */
export function mapAzureErrorPayload(settings: Pick<AzureSettings, 'preset' | 'secret'>, payload: { error: unknown }, text: string): UpstreamError {
  const status = (mapOpenAIErrorPayload(settings.preset, payload, text, settings.secret) as UpstreamError).upstreamStatus ?? 500;
  return mapAzureError(settings, { status, headers: {}, bodyText: text });
}

function azureErrorFields(text: string): AzureErrorFields {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  const code = typeof inner.code === 'string' ? inner.code : typeof inner.code === 'number' ? String(inner.code) : undefined;
  const detail = typeof inner.detail === 'object' && inner.detail !== null && !Array.isArray(inner.detail) ? (inner.detail as { loc?: unknown }) : undefined;
  const location = Array.isArray(detail?.loc) ? detail.loc.filter((part, index) => !(index === 0 && part === 'body')).map(String) : [];
  return { code, detailParam: location.length > 0 ? location.join('.') : undefined };
}
