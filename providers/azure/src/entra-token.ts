import { UpstreamError, errorClassOfStatus, upstreamError, type GatewayError, type ProviderCall, type UpstreamFailure } from '@switchyard/core';
import type { AzureAuth, AzureSettings } from './settings.js';

/*
 * Microsoft Entra ID sign-in with an app registration's client secret (the OAuth 2.0 client credentials grant):
 * POST {authority}/{tenant}/oauth2/v2.0/token with a form body, answered by {"token_type":"Bearer","expires_in":…,
 * "access_token":…}. The token is then sent as `Authorization: Bearer` and reused until shortly before it expires.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */

type ClientSecretAuth = Extract<AzureAuth, { kind: 'client-secret' }>;

export interface EntraTokenRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The form body, as a string so core sends it unchanged. */
  readonly body: string;
}

export function mapEntraTokenRequest(auth: ClientSecretAuth): EntraTokenRequest {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret, scope: auth.scope });
  return { url: auth.tokenUrl, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() };
}

export interface EntraToken {
  readonly token: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Reads the token answer; `now` is when the request was sent, so the expiry errs early. */
export function readEntraToken(provider: string, body: unknown, now: number): EntraToken {
  const answer = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : typeof answer.expires_in === 'string' ? Number(answer.expires_in) : Number.NaN;
  if (typeof answer.access_token !== 'string' || answer.access_token === '' || !Number.isFinite(expiresIn)) {
    throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider}: the Entra ID token endpoint answered without an access_token and expires_in`, retryable: true });
  }
  return { token: answer.access_token, expiresAt: now + expiresIn * 1000 };
}

/**
 * A failed token request. Entra ID answers {"error":"invalid_client","error_description":"AADSTS7000215: …"}; a 400 or
 * 401 there means the tenant, client id or secret is wrong, so the client sees an authentication failure.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#error-response
 */
export function mapEntraTokenError(provider: string, failure: UpstreamFailure): GatewayError {
  let description: string | undefined;
  try {
    const body = JSON.parse(failure.bodyText) as { error?: unknown; error_description?: unknown };
    description = typeof body.error_description === 'string' ? body.error_description : typeof body.error === 'string' ? body.error : undefined;
  } catch {
    description = undefined;
  }
  const errorClass = failure.status === 400 || failure.status === 401 ? 'AuthenticationError' : errorClassOfStatus(failure.status);
  return upstreamError(errorClass, {
    provider,
    upstreamStatus: failure.status,
    message: `${provider}: Entra ID token request failed (${failure.status})${description === undefined ? '' : `: ${description}`}`,
  });
}

// Refresh this long before expiry, so a token never expires on its way to Azure.
const refreshMarginMs = 5 * 60 * 1000;

interface CacheEntry {
  token?: EntraToken;
  pending?: { readonly promise: Promise<EntraToken>; readonly signal: AbortSignal };
}

const cache = new WeakMap<AzureSettings, CacheEntry>();

/**
 * The Bearer token for a deployment that signs in with a client secret: the cached one while it is fresh, else a new
 * one. Concurrent calls share one token request; if that request was aborted because the call that started it went
 * away, a waiting call whose own signal is still live asks again.
 */
export async function entraTokenFor(settings: AzureSettings, call: ProviderCall, now: () => number = Date.now): Promise<string> {
  const auth = settings.auth;
  if (auth.kind !== 'client-secret') throw new Error('entraTokenFor needs a client-secret deployment');
  let entry = cache.get(settings);
  if (entry === undefined) {
    entry = {};
    cache.set(settings, entry);
  }
  for (;;) {
    if (entry.token !== undefined && entry.token.expiresAt - refreshMarginMs > now()) return entry.token.token;
    const pending = entry.pending ?? (entry.pending = { promise: requestToken(settings.preset.prefix, auth, call, now), signal: call.signal });
    try {
      const token = await pending.promise;
      entry.token = token;
      return token.token;
    } catch (error) {
      // Only another call's abort is worth a new request; a failure of the token endpoint is everyone's answer.
      if (pending.signal === call.signal || !pending.signal.aborted || call.signal.aborted) throw error;
    } finally {
      if (entry.pending === pending) entry.pending = undefined;
    }
  }
}

async function requestToken(provider: string, auth: ClientSecretAuth, call: ProviderCall, now: () => number): Promise<EntraToken> {
  const request = mapEntraTokenRequest(auth);
  const sentAt = now();
  const answer = await call.http.postJson(request.url, { headers: request.headers, body: request.body, mapError: (failure) => mapEntraTokenError(provider, failure) });
  return readEntraToken(provider, answer.body, sentAt);
}
