import type { UpstreamJson } from '@switchyard/core';
import { mapOpenAIResponse } from '@switchyard/provider-openai';
import { mapAzureErrorPayload } from './map-error.js';
import type { AzureSettings } from './settings.js';

/*
 * Azure answers in OpenAI's shape plus its content-filter annotations: `prompt_filter_results` on the completion and
 * `content_filter_results` on each choice. They are Azure's to report and the client's to read, so the answer passes
 * through whole, as its exact text when nothing changed it. `finish_reason: "content_filter"` (the completion was cut
 * by the filter) and `message.refusal` are OpenAI values and pass as they are.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter#annotations
 */
export function mapAzureResponse<T extends object>(answer: UpstreamJson, settings: AzureSettings): T {
  return mapOpenAIResponse<T>(answer, settings.preset.prefix, (payload, text) => mapAzureErrorPayload(settings, payload, text));
}
