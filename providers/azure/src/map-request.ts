import type { ChatRequest, EmbeddingsRequest } from '@switchyard/core';
import type { AzureSettings } from './settings.js';

/*
 * Azure OpenAI and the Azure AI endpoints take OpenAI's request body as it is: the client's request (upstream model id
 * set, deployment defaults applied) is sent unchanged. On the deployments route the URL names the deployment and Azure
 * ignores `model` in the body; on the v1 route and the model inference route `model` selects the deployment. Only the
 * URL and the auth header are Azure's own; no client header ever crosses.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference#chat-completions
 * @see https://learn.microsoft.com/azure/ai-foundry/model-inference/reference/reference-model-inference-chat-completions
 */

export interface AzureUpstreamRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** `bearerToken` is the Entra ID token of a client-secret deployment, fetched by the caller (entra-token.ts). */
export function mapAzureChatRequest(request: ChatRequest, settings: AzureSettings, bearerToken?: string): AzureUpstreamRequest {
  return { url: settings.chatUrl, headers: azureHeaders(settings, bearerToken), body: request };
}

export function mapAzureEmbeddingsRequest(request: EmbeddingsRequest, settings: AzureSettings, bearerToken?: string): AzureUpstreamRequest {
  return { url: settings.embeddingsUrl, headers: azureHeaders(settings, bearerToken), body: request };
}

function azureHeaders(settings: AzureSettings, bearerToken: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const auth = settings.auth;
  if (auth.kind === 'key') headers[auth.header] = auth.header === 'api-key' ? auth.key : `Bearer ${auth.key}`;
  else if (auth.kind === 'token') headers.authorization = `Bearer ${auth.token}`;
  else if (bearerToken !== undefined) headers.authorization = `Bearer ${bearerToken}`;
  else throw new Error('a client-secret deployment needs its Entra ID token to build a request');
  // The operator's extra headers come last (e.g. extra-parameters: pass-through for the model inference API).
  return Object.assign(headers, settings.headers);
}
