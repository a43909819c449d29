import { UpstreamError, mapOpenAIStyleError, maskSecret, type GatewayError, type UpstreamFailure } from '@switchyard/core';
import type { OpenAIPreset } from './presets.js';

/*
 * OpenAI-compatible hosts answer errors in OpenAI's shape, so core's mapping does the work: 4xx keep their status,
 * message, type, code and param (clients react to them as they would against OpenAI), 5xx become 502/503/504, and
 * retry-after is carried on 429/503. What is added here is what a host needs beyond that.
 * @see https://platform.openai.com/docs/guides/error-codes
 * @see https://console.groq.com/docs/errors
 */

// Below this length a "key" is a placeholder (LM Studio's docs use "lm-studio"), and replacing it would mangle text.
const shortestScrubbedKey = 8;

/** Maps a non-2xx upstream answer. `apiKey` is the deployment's key, masked wherever the upstream echoes it back. */
export function mapOpenAIError(preset: OpenAIPreset, failure: UpstreamFailure, apiKey?: string): GatewayError {
  // Core's scrubber knows only keys written in the config; a key read from the environment is masked here.
  const bodyText = apiKey !== undefined && apiKey.length >= shortestScrubbedKey ? failure.bodyText.split(apiKey).join(maskSecret(apiKey)) : failure.bodyText;
  const mapped = mapOpenAIStyleError(preset.prefix, { ...failure, bodyText });
  return preset.prefix === 'groq' ? withFailedGeneration(mapped, bodyText) : mapped;
}

/** Whether a parsed 200 body or stream event is an error report instead of a completion. */
export function isOpenAIErrorPayload(value: unknown): value is { error: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return record.error !== undefined && record.error !== null && record.choices === undefined && record.data === undefined;
}

/**
 * Maps an `{"error":…}` that arrived with status 200: mid-stream, when generation failed after the headers went out,
 * or as a whole body from hosts that report errors that way. A numeric `status` or `code` in it is taken as the
 * status; otherwise it is the upstream's failure, a 502.
 */
export function mapOpenAIErrorPayload(preset: OpenAIPreset, payload: { error: unknown }, text: string, apiKey?: string): GatewayError {
  const error = typeof payload.error === 'object' && payload.error !== null ? (payload.error as Record<string, unknown>) : {};
  const status = httpStatus(error.status) ?? httpStatus(error.code) ?? 500;
  return mapOpenAIError(preset, { status, headers: {}, bodyText: text }, apiKey);
}

function httpStatus(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 400 && number <= 599 ? number : undefined;
}

/**
 * Groq's tool_use_failed message says "See 'failed_generation' for more details", a field OpenAI's error shape has no
 * place for; the text the model generated is appended so the client can see what the message points at.
 * @see https://console.groq.com/docs/tool-use
 */
function withFailedGeneration(mapped: UpstreamError, bodyText: string): UpstreamError {
  if (mapped.code !== 'tool_use_failed') return mapped;
  let failedGeneration: unknown;
  try {
    failedGeneration = (JSON.parse(bodyText) as { error?: { failed_generation?: unknown } }).error?.failed_generation;
  } catch {
    return mapped;
  }
  if (typeof failedGeneration !== 'string') return mapped;
  return new UpstreamError({
    provider: mapped.provider,
    upstreamStatus: mapped.upstreamStatus,
    status: mapped.status,
    message: `${mapped.message} (failed_generation: ${failedGeneration})`,
    code: mapped.code,
    type: mapped.type,
    param: mapped.param,
    headers: mapped.headers,
    retryable: mapped.retryable,
  });
}
