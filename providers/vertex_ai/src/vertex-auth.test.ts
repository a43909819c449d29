import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from 'node:crypto';
import { startReplayServer, type ReplayServer } from '@switchyard/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeJwt, testServiceAccount, tokenAnswer } from '../test/service-account.js';
import { cloudPlatformScope, createVertexAuth } from './vertex-auth.js';

const cleanups: Array<() => Promise<void>> = [];

beforeEach(() => {
  // No real Google credentials on the test machine may take part: an empty gcloud config folder and no key file.
  vi.stubEnv('CLOUDSDK_CONFIG', mkdtempSync(join(tmpdir(), 'vertex-auth-gcloud-')));
  vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', '');
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

async function server(...args: Parameters<typeof startReplayServer>): Promise<ReplayServer> {
  const started = await startReplayServer(...args);
  cleanups.push(() => started.close());
  return started;
}

const live = () => new AbortController().signal;

describe('a service account key (JWT bearer grant)', () => {
  it("posts a signed JWT grant to the key file's token_uri and sends the token it gets as a bearer", async () => {
    const tokens = await server(tokenAnswer('ya29.test-access-token-0001'));
    const account = testServiceAccount(`${tokens.url}/oauth2/token`);
    const auth = createVertexAuth({ kind: 'json', from: 'vertex_credentials', json: account.json });

    expect(await auth.headers(live())).toEqual({ authorization: 'Bearer ya29.test-access-token-0001' });

    expect(tokens.requests).toHaveLength(1);
    const [grant] = tokens.requests;
    expect([grant.method, grant.path, grant.headers['content-type']]).toEqual(['POST', '/oauth2/token', 'application/x-www-form-urlencoded;charset=UTF-8']);
    const form = new URLSearchParams(grant.body);
    expect([...form.keys()]).toEqual(['grant_type', 'assertion']);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');

    // https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
    const jwt = decodeJwt(form.get('assertion')!);
    expect(jwt.header).toEqual({ alg: 'RS256' });
    const { iat, exp, ...claims } = jwt.payload;
    expect(claims).toEqual({ iss: 'gateway@sa-project.iam.gserviceaccount.com', scope: cloudPlatformScope, aud: 'https://oauth2.googleapis.com/token' });
    expect(typeof iat).toBe('number');
    expect(exp).toBe((iat as number) + 3600);
    expect(Math.abs((iat as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(verify('RSA-SHA256', Buffer.from(jwt.signedPart), account.publicKey, jwt.signature)).toBe(true);
  });

  it('caches the token while it is fresh', async () => {
    const tokens = await server(tokenAnswer('ya29.test-access-token-0002'));
    const auth = createVertexAuth({ kind: 'json', from: 'vertex_credentials', json: testServiceAccount(`${tokens.url}/token`).json });
    const answers = await Promise.all([auth.headers(live()), auth.headers(live())]);
    expect(await auth.headers(live())).toEqual({ authorization: 'Bearer ya29.test-access-token-0002' });
    expect(answers).toEqual([{ authorization: 'Bearer ya29.test-access-token-0002' }, { authorization: 'Bearer ya29.test-access-token-0002' }]);
    expect(tokens.requests).toHaveLength(1);
  });

  it('gets a new token once the one it holds is about to expire', async () => {
    let issued = 0;
    // google-auth-library refreshes a token within five minutes of its expiry, so a 60 s token is renewed at once.
    const tokens = await server(() => tokenAnswer(`ya29.short-lived-${++issued}`, 60));
    const auth = createVertexAuth({ kind: 'json', from: 'vertex_credentials', json: testServiceAccount(`${tokens.url}/token`).json });
    expect(await auth.headers(live())).toEqual({ authorization: 'Bearer ya29.short-lived-1' });
    expect(await auth.headers(live())).toEqual({ authorization: 'Bearer ya29.short-lived-2' });
    expect(tokens.requests).toHaveLength(2);
  });

  it('sends x-goog-user-project when the credentials name a quota project', async () => {
    const tokens = await server(tokenAnswer('ya29.test-access-token-0003'));
    const account = testServiceAccount(`${tokens.url}/token`, { quota_project_id: 'billing-project' });
    const auth = createVertexAuth({ kind: 'json', from: 'vertex_credentials', json: account.json });
    expect(await auth.headers(live())).toEqual({ authorization: 'Bearer ya29.test-access-token-0003', 'x-goog-user-project': 'billing-project' });
  });

  it('reports a refused grant as an AuthenticationError with the endpoint reason and no key material', async () => {
    // Google's token endpoint error body: https://developers.google.com/identity/protocols/oauth2/service-account#error-codes
    const tokens = await server({ status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":"invalid_grant","error_description":"Invalid JWT Signature."}' });
    const account = testServiceAccount(`${tokens.url}/token`);
    const auth = createVertexAuth({ kind: 'json', from: 'vertex_credentials', json: account.json });
    const error = await auth.headers(live()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      errorClass: 'AuthenticationError',
      status: 401,
      code: 'invalid_api_key',
      provider: 'vertex_ai',
      upstreamStatus: 400,
      message: 'vertex_ai: could not get a Google access token: invalid_grant: Invalid JWT Signature.',
    });
    const assertion = new URLSearchParams(tokens.requests[0].body).get('assertion')!;
    const text = JSON.stringify({ message: (error as Error).message, body: (error as { toOpenAIError(): unknown }).toOpenAIError() });
    expect(text).not.toContain(assertion.split('.')[2]);
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('reports a failing token endpoint as a ServiceUnavailableError (after the library retried it)', async () => {
    const tokens = await server({ status: 503, headers: { 'content-type': 'application/json' }, body: '{"error":"internal_failure"}' });
    const auth = createVertexAuth({ kind: 'json', from: 'vertex_credentials', json: testServiceAccount(`${tokens.url}/token`).json });
    const error = await auth.headers(live()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorClass: 'ServiceUnavailableError', status: 503, upstreamStatus: 503, provider: 'vertex_ai' });
    // gaxios retries a POST to the token endpoint three times on 5xx: the token fetch is the library's HTTP, not core's.
    expect(tokens.requests).toHaveLength(4);
  });

  it("stops waiting when the call's signal aborts", async () => {
    const tokens = await server({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":', hangAfterBytes: 5 });
    const auth = createVertexAuth({ kind: 'json', from: 'vertex_credentials', json: testServiceAccount(`${tokens.url}/token`).json });
    const controller = new AbortController();
    const pending = auth.headers(controller.signal);
    await vi.waitFor(() => expect(tokens.requests).toHaveLength(1));
    const reason = new Error('client went away');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('Application Default Credentials from the metadata server', () => {
  /**
   * A stand-in for the GCE metadata server, as gcp-metadata reaches it when GCE_METADATA_HOST names it: every answer
   * carries `Metadata-Flavor: Google` (gcp-metadata refuses any without it).
   * @see https://cloud.google.com/compute/docs/access/authenticate-workloads#applications
   */
  async function metadataServer(): Promise<ReplayServer> {
    const flavor = { 'metadata-flavor': 'Google' };
    return server((request) => {
      const path = request.path.split('?')[0];
      if (path === '/computeMetadata/v1/instance') return { status: 200, headers: { ...flavor, 'content-type': 'application/text' }, body: '' };
      if (path === '/computeMetadata/v1/instance/service-accounts/default/token') {
        return { status: 200, headers: { ...flavor, 'content-type': 'application/json' }, body: '{"access_token":"ya29.metadata-token-0001","expires_in":3599,"token_type":"Bearer"}' };
      }
      if (path === '/computeMetadata/v1/project/project-id') return { status: 200, headers: { ...flavor, 'content-type': 'application/text' }, body: 'gce-project' };
      return { status: 404, headers: flavor, body: 'not found' };
    });
  }

  it('takes the token from the metadata server, asking with Metadata-Flavor: Google and the cloud-platform scope', async () => {
    const metadata = await metadataServer();
    vi.stubEnv('GCE_METADATA_HOST', metadata.url.slice('http://'.length));
    const auth = createVertexAuth({ kind: 'application_default' });

    expect(await auth.headers(live())).toEqual({ authorization: 'Bearer ya29.metadata-token-0001' });
    expect(await auth.projectId(live())).toBe('gce-project');

    const seen = metadata.requests.map((request) => ({ method: request.method, path: request.path, flavor: request.headers['metadata-flavor'] }));
    expect(seen).toEqual([
      { method: 'GET', path: '/computeMetadata/v1/instance', flavor: 'Google' },
      // Finding ADC asks the project first; the project is then cached, so projectId() asks nothing more.
      { method: 'GET', path: '/computeMetadata/v1/project/project-id', flavor: 'Google' },
      { method: 'GET', path: `/computeMetadata/v1/instance/service-accounts/default/token?scopes=${encodeURIComponent(cloudPlatformScope)}`, flavor: 'Google' },
    ]);
  });
});

describe('the project', () => {
  it('says how to name one when the credentials name none', async () => {
    vi.stubEnv('METADATA_SERVER_DETECTION', 'none');
    vi.stubEnv('GOOGLE_CLOUD_PROJECT', '');
    vi.stubEnv('GCLOUD_PROJECT', '');
    // gcloud's user credentials carry no project (https://cloud.google.com/docs/authentication/application-default-credentials#personal).
    const auth = createVertexAuth({ kind: 'json', from: 'vertex_credentials', json: { type: 'authorized_user', client_id: 'id.apps.googleusercontent.com', client_secret: 'not-a-secret', refresh_token: 'not-a-token' } });
    await expect(auth.projectId(live())).rejects.toMatchObject({
      errorClass: 'AuthenticationError',
      status: 401,
      message: expect.stringMatching(/^vertex_ai: no Google Cloud project: set litellm_params\.vertex_project or VERTEXAI_PROJECT \(the credentials name none: /),
    });
  });
});
