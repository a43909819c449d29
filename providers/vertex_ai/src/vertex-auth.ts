import { GoogleAuth, type AuthClient } from 'google-auth-library';
import { upstreamError, GatewayError, type UpstreamError } from '@switchyard/core';
import type { VertexCredentials } from './settings.js';

/** Vertex AI accepts tokens for this scope. @see https://cloud.google.com/vertex-ai/docs/authentication */
export const cloudPlatformScope = 'https://www.googleapis.com/auth/cloud-platform';

/** The endpoint google-auth-library posts a service account's JWT grant to, whatever the key file says. */
const googleTokenUrl = 'https://oauth2.googleapis.com/token';

const providerId = 'vertex_ai';

/**
 * OAuth2 for one deployment. google-auth-library does the work: it signs a service account's JWT grant (or asks the
 * metadata server, or refreshes a gcloud user's token), caches the access token and refreshes it before it expires,
 * and folds concurrent refreshes into one. Its token requests go through its own HTTP client (gaxios), not core's:
 * core's timeouts, aborts and upstream logging cover the Vertex call, not the token fetch.
 */
export interface VertexAuth {
  /** `authorization: Bearer …`, plus `x-goog-user-project` when the credentials name a quota project. */
  headers(signal: AbortSignal): Promise<Record<string, string>>;
  /** The project ADC reports (the key file's, gcloud's, or the metadata server's), for a deployment that names none. */
  projectId(signal: AbortSignal): Promise<string>;
}

export function createVertexAuth(credentials: VertexCredentials): VertexAuth {
  const auth = new GoogleAuth({ scopes: [cloudPlatformScope], ...(credentials.kind === 'json' ? { credentials: credentials.json } : {}) });
  const tokenUri = credentials.kind === 'json' && credentials.json.type === 'service_account' ? credentials.json.token_uri : undefined;
  let client: Promise<AuthClient> | undefined;
  const clientOf = (): Promise<AuthClient> => {
    client ??= auth.getClient().then((created) => {
      if (typeof tokenUri === 'string' && tokenUri !== googleTokenUrl) redirectTokenRequests(created, tokenUri);
      return created;
    });
    // A failed lookup (no ADC yet, metadata server down) is not cached: the next call tries again.
    client.catch(() => (client = undefined));
    return client;
  };
  return {
    async headers(signal) {
      const headers = await abortable(signal, async () => (await clientOf()).getRequestHeaders());
      const result: Record<string, string> = {};
      headers.forEach((value, name) => (result[name.toLowerCase()] = value));
      return result;
    },
    async projectId(signal) {
      await abortable(signal, clientOf);
      try {
        return await abortable(signal, () => auth.getProjectId());
      } catch (error) {
        if (signal.aborted) throw error;
        throw upstreamError('AuthenticationError', {
          provider: providerId,
          message: `${providerId}: no Google Cloud project: set litellm_params.vertex_project or VERTEXAI_PROJECT (the credentials name none: ${(error as Error).message})`,
        });
      }
    },
  };
}

/**
 * google-auth-library 10 always posts a service account's grant to oauth2.googleapis.com and ignores the key file's
 * `token_uri`, which Google's Python library (and so LiteLLM) honours. A request interceptor on the client's own
 * transport sends the grant where the file says (a Private Service Connect endpoint, or a test's local server).
 */
function redirectTokenRequests(client: AuthClient, tokenUri: string): void {
  client.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (String(options.url) === googleTokenUrl) options.url = new URL(tokenUri);
      return options;
    },
  });
}

/** Races the library's work against the call's signal: it takes none, so a client leaving must not wait for it. */
async function abortable<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  signal.throwIfAborted();
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work().catch((error: unknown) => Promise.reject(credentialsError(error))), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A failure to get a token. A refusal from the token endpoint or the metadata server (4xx), or no credentials at all,
 * is the operator's to fix: AuthenticationError. A token service that failed or could not be reached may recover:
 * ServiceUnavailableError. The library's message is kept (it names the cause, never the key: gaxios redacts grants).
 */
export function credentialsError(error: unknown): UpstreamError | GatewayError {
  if (GatewayError.isGatewayError(error)) return error;
  const failure = error as { message?: unknown; status?: unknown; response?: { status?: unknown } };
  const status = typeof failure.response?.status === 'number' ? failure.response.status : typeof failure.status === 'number' ? failure.status : undefined;
  const message = `${providerId}: could not get a Google access token: ${typeof failure.message === 'string' ? failure.message : String(error)}`;
  const unavailable = status === undefined ? isNetworkFailure(error) : status >= 500;
  return upstreamError(unavailable ? 'ServiceUnavailableError' : 'AuthenticationError', { provider: providerId, upstreamStatus: status, message });
}

function isNetworkFailure(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET'].includes(code);
}
