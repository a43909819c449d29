import type { BedrockTarget } from './credentials.js';
import { signBedrockRequest } from './sign-request.js';
import type { BedrockSettings } from './settings.js';

/*
 * The headers of one Bedrock call. The body is serialised here, once, because a SigV4 signature covers its exact
 * bytes; core sends the string as it is. A Bedrock API key replaces signing with a bearer token.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
 */

export interface BedrockUpstreamRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export async function prepareBedrockCall(url: string, body: unknown, settings: BedrockSettings, target: BedrockTarget, signingDate?: Date): Promise<BedrockUpstreamRequest> {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { ...settings.headers, 'content-type': 'application/json' };
  if (settings.auth.kind === 'bearer') return { url, headers: { ...headers, authorization: `Bearer ${settings.auth.token}` }, body: text };
  if (target.credentials === undefined) throw new Error('bedrock: a SigV4 deployment has no credential source');
  const credentials = await target.credentials();
  return { url, headers: await signBedrockRequest({ url, headers, body: text, region: target.region, credentials, signingDate }), body: text };
}
