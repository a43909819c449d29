import { createLogger, type ProviderCall, type UpstreamError, type UpstreamHttp, type UpstreamRequestInit } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { entraTokenFor, mapEntraTokenError, mapEntraTokenRequest, readEntraToken } from './entra-token.js';
import type { AzureSettings } from './settings.js';

const auth = {
  kind: 'client-secret' as const,
  tenantId: 'tenant-1',
  clientId: 'client-1',
  clientSecret: 'secret with spaces&symbols',
  scope: 'https://cognitiveservices.azure.com/.default',
  tokenUrl: 'https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token',
};

function settings(): AzureSettings {
  return {
    preset: { prefix: 'azure', name: 'Azure OpenAI', keyVariables: [], keyRequired: true },
    chatUrl: 'https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21',
    embeddingsUrl: 'https://r.openai.azure.com/openai/deployments/d/embeddings?api-version=2024-10-21',
    auth,
    headers: {},
    secret: undefined,
  };
}

/** A ProviderCall whose postJson answers token requests from `answer` and records them. */
function callWith(answer: (count: number) => Promise<unknown>, signal = new AbortController().signal): { call: ProviderCall; posts: Array<{ url: string; init: UpstreamRequestInit }> } {
  const posts: Array<{ url: string; init: UpstreamRequestInit }> = [];
  const http: UpstreamHttp = {
    async postJson(url, init) {
      posts.push({ url, init });
      const body = await answer(posts.length);
      return { status: 200, headers: {}, body: body as never, text: JSON.stringify(body) };
    },
    getJson: () => Promise.reject(new Error('not used')),
    postStream: () => Promise.reject(new Error('not used')),
    postByteStream: () => Promise.reject(new Error('not used')),
  };
  return { call: { deployment: {} as ProviderCall['deployment'], signal, http, requestId: 'r', logger: createLogger({ level: 'silent' }) }, posts };
}

describe('mapEntraTokenRequest', () => {
  it('posts the client credentials grant as a form (doc: OAuth 2.0 client credentials flow)', () => {
    expect(mapEntraTokenRequest(auth)).toStrictEqual({
      url: 'https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials&client_id=client-1&client_secret=secret+with+spaces%26symbols&scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default',
    });
  });
});

describe('readEntraToken', () => {
  it('reads access_token and expires_in from the documented success answer', () => {
    // The success response example of the client credentials flow, token shortened.
    const body = { token_type: 'Bearer', expires_in: 3599, access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1uQ19WWmNBVGZNNXBP' };
    expect(readEntraToken('azure', body, 1_000_000)).toStrictEqual({ token: body.access_token, expiresAt: 1_000_000 + 3_599_000 });
  });

  it('refuses an answer without a token', () => {
    expect(() => readEntraToken('azure', { token_type: 'Bearer' }, 0)).toThrow('azure: the Entra ID token endpoint answered without an access_token and expires_in');
  });
});

describe('mapEntraTokenError', () => {
  it('a 401 invalid_client is an AuthenticationError with the AADSTS description (doc: error response)', () => {
    const bodyText = JSON.stringify({
      error: 'invalid_client',
      error_description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
      error_codes: [7000215],
    });
    const error = mapEntraTokenError('azure', { status: 401, headers: {}, bodyText }) as UpstreamError;
    expect({ errorClass: error.errorClass, status: error.status, code: error.code, message: error.message }).toStrictEqual({
      errorClass: 'AuthenticationError',
      status: 401,
      code: 'invalid_api_key',
      message:
        'azure: Entra ID token request failed (401): AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
    });
  });

  it('a 503 stays a ServiceUnavailableError', () => {
    const error = mapEntraTokenError('azure', { status: 503, headers: {}, bodyText: 'down' }) as UpstreamError;
    expect([error.errorClass, error.status, error.message]).toStrictEqual(['ServiceUnavailableError', 503, 'azure: Entra ID token request failed (503)']);
  });
});

describe('entraTokenFor', () => {
  it('fetches once, reuses the token while fresh, and fetches again five minutes before expiry', async () => {
    let clock = 0;
    const now = () => clock;
    const { call, posts } = callWith(async (count) => ({ token_type: 'Bearer', expires_in: 3600, access_token: `token-${count}` }));
    const deploymentSettings = settings();
    expect(await entraTokenFor(deploymentSettings, call, now)).toBe('token-1');
    clock = 3_600_000 - 5 * 60 * 1000 - 1;
    expect(await entraTokenFor(deploymentSettings, call, now)).toBe('token-1');
    clock += 1;
    expect(await entraTokenFor(deploymentSettings, call, now)).toBe('token-2');
    expect(posts.map((post) => [post.url, post.init.body])).toStrictEqual([
      [auth.tokenUrl, mapEntraTokenRequest(auth).body],
      [auth.tokenUrl, mapEntraTokenRequest(auth).body],
    ]);
  });

  it('shares one request between concurrent calls', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { call, posts } = callWith(async () => {
      await gate;
      return { expires_in: 3600, access_token: 'shared' };
    });
    const deploymentSettings = settings();
    const both = Promise.all([entraTokenFor(deploymentSettings, call), entraTokenFor(deploymentSettings, call)]);
    release();
    expect(await both).toStrictEqual(['shared', 'shared']);
    expect(posts.length).toBe(1);
  });

  it('asks again for a waiting call when the call that started the request went away', async () => {
    const first = new AbortController();
    let rejectFirst!: (error: unknown) => void;
    const deploymentSettings = settings();
    const starter = callWith((count) => (count === 1 ? new Promise((_, reject) => (rejectFirst = reject)) : Promise.resolve({})), first.signal);
    const waiter = callWith(async () => ({ expires_in: 3600, access_token: 'second' }));
    const started = entraTokenFor(deploymentSettings, starter.call).catch((error: unknown) => error);
    const waiting = entraTokenFor(deploymentSettings, waiter.call);
    first.abort();
    rejectFirst(Object.assign(new Error('client went away'), { code: 'client_closed' }));
    expect(((await started) as Error).message).toBe('client went away');
    expect(await waiting).toBe('second');
    expect([starter.posts.length, waiter.posts.length]).toStrictEqual([1, 1]);
  });

  it('gives every waiting call the token endpoint’s own failure', async () => {
    const deploymentSettings = settings();
    const { call } = callWith(() => Promise.reject(new Error('AADSTS90002: Tenant not found')));
    await expect(Promise.all([entraTokenFor(deploymentSettings, call), entraTokenFor(deploymentSettings, call)])).rejects.toThrow('AADSTS90002: Tenant not found');
  });
});
