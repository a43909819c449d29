import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareConfig, type Deployment, type LitellmParams } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { readVertexSettings, resolveVertexSettings, vertexModelUrl } from './settings.js';

function deploymentOf(litellmParams: LitellmParams): Deployment {
  return prepareConfig({ model_list: [{ model_name: 'test-model', litellm_params: litellmParams }] }, { env: {} }).deployments[0];
}

// Only the fields the settings check; the key is not a real one and is never used to sign here.
const serviceAccount = {
  type: 'service_account',
  project_id: 'file-project',
  private_key: '-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----\n',
  client_email: 'gateway@file-project.iam.gserviceaccount.com',
  token_uri: 'https://oauth2.googleapis.com/token',
};

function keyFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vertex-settings-')), 'key.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('resolveVertexSettings', () => {
  it('reads project, location and inline JSON credentials from litellm_params', () => {
    const settings = resolveVertexSettings(
      deploymentOf({ model: 'vertex_ai/gemini-2.5-flash', vertex_project: 'config-project', vertex_location: 'europe-west4', vertex_credentials: JSON.stringify(serviceAccount) }),
      { VERTEXAI_PROJECT: 'env-project', VERTEXAI_LOCATION: 'asia-east1' },
    );
    expect(settings).toEqual({
      project: 'config-project',
      location: 'europe-west4',
      baseUrl: 'https://europe-west4-aiplatform.googleapis.com',
      apiVersion: 'v1',
      publisher: 'google',
      model: 'gemini-2.5-flash',
      credentials: { kind: 'json', from: 'vertex_credentials', json: serviceAccount },
      headers: {},
    });
    expect(vertexModelUrl(settings, 'config-project', 'generateContent')).toBe(
      'https://europe-west4-aiplatform.googleapis.com/v1/projects/config-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent',
    );
  });

  it('takes the environment in LiteLLM order, then the key file project, and defaults the location to us-central1', () => {
    const deployment = deploymentOf({ model: 'vertex_ai/gemini-2.5-flash', vertex_credentials: serviceAccount as unknown as string });
    expect(resolveVertexSettings(deployment, { VERTEX_PROJECT: 'second', GOOGLE_CLOUD_PROJECT: 'third' }).project).toBe('second');
    expect(resolveVertexSettings(deployment, { VERTEXAI_PROJECT: 'first', VERTEX_PROJECT: 'second' }).project).toBe('first');
    expect(resolveVertexSettings(deployment, { GOOGLE_CLOUD_PROJECT: 'third' }).project).toBe('third');
    expect(resolveVertexSettings(deployment, {}).project).toBe('file-project');
    expect(resolveVertexSettings(deployment, { VERTEX_LOCATION: 'us-east5' }).location).toBe('us-east5');
    expect(resolveVertexSettings(deployment, {}).location).toBe('us-central1');
  });

  it('reads vertex_credentials as a path to the key file', () => {
    const path = keyFile(serviceAccount);
    const settings = resolveVertexSettings(deploymentOf({ model: 'vertex_ai/gemini-2.5-flash', vertex_credentials: path }), {});
    expect([settings.project, settings.credentials]).toEqual(['file-project', { kind: 'json', from: 'vertex_credentials', json: serviceAccount }]);
  });

  it('falls back to GOOGLE_APPLICATION_CREDENTIALS, then to Application Default Credentials', () => {
    const path = keyFile(serviceAccount);
    const deployment = deploymentOf({ model: 'vertex_ai/gemini-2.5-flash' });
    expect(resolveVertexSettings(deployment, { GOOGLE_APPLICATION_CREDENTIALS: path }).credentials).toEqual({ kind: 'json', from: 'GOOGLE_APPLICATION_CREDENTIALS', json: serviceAccount });
    const adc = resolveVertexSettings(deployment, {});
    expect([adc.credentials, adc.project]).toEqual([{ kind: 'application_default' }, undefined]);
  });

  it('accepts LiteLLM vertex_ai_* spellings but not both spellings at once', () => {
    const settings = resolveVertexSettings(deploymentOf({ model: 'vertex_ai/gemini-2.5-flash', vertex_ai_project: 'alias-project', vertex_ai_location: 'global' }), {});
    expect([settings.project, settings.location, settings.baseUrl]).toEqual(['alias-project', 'global', 'https://aiplatform.googleapis.com']);
    expect(() => resolveVertexSettings(deploymentOf({ model: 'vertex_ai/gemini-2.5-flash', vertex_project: 'a', vertex_ai_project: 'b' }), {})).toThrow(
      'litellm_params.vertex_project and litellm_params.vertex_ai_project both set: keep one',
    );
  });

  it('uses the global endpoint for location global and api_base as the host when set', () => {
    const global = resolveVertexSettings(deploymentOf({ model: 'vertex_ai/gemini-2.5-flash', vertex_project: 'p', vertex_location: 'global' }), {});
    expect(vertexModelUrl(global, 'p', 'streamGenerateContent?alt=sse')).toBe(
      'https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    const proxied = resolveVertexSettings(deploymentOf({ model: 'vertex_ai/claude-sonnet-4@20250514', vertex_project: 'p', vertex_location: 'us-east5', api_base: 'http://127.0.0.1:9/vertex/' }), {});
    expect(vertexModelUrl(proxied, 'p', 'rawPredict')).toBe('http://127.0.0.1:9/vertex/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict');
  });

  it('takes api_version v1beta1 and the operator headers', () => {
    const settings = resolveVertexSettings(
      deploymentOf({ model: 'vertex_ai/gemini-2.5-flash', vertex_project: 'p', api_version: 'v1beta1', extra_headers: { 'X-Goog-Request-Params': 'a=b', Connection: 'close' } }),
      {},
    );
    expect([settings.apiVersion, settings.headers]).toEqual(['v1beta1', { 'x-goog-request-params': 'a=b' }]);
  });

  it.each([
    [{ model: 'vertex_ai/gemini-2.5-flash', vertex_projekt: 'p' }, 'litellm_params.vertex_projekt is not a vertex_ai setting (known: vertex_project, vertex_ai_project, vertex_location, vertex_ai_location, vertex_credentials, vertex_ai_credentials)'],
    [{ model: 'vertex_ai/gemini-2.5-flash', vertex_location: 'evil.com/x' }, 'litellm_params.vertex_location is not a Vertex AI location: "evil.com/x" (e.g. us-central1, europe-west4, global)'],
    [{ model: 'vertex_ai/gemini-2.5-flash', vertex_project: 'a/b' }, 'litellm_params.vertex_project is not a Google Cloud project id: "a/b"'],
    [{ model: 'vertex_ai/gemini-2.5-flash', api_version: 'v2' }, 'litellm_params.api_version must be v1 or v1beta1 for vertex_ai, got "v2"'],
    [{ model: 'vertex_ai/gemini-2.5-flash', api_base: 'ftp://x' }, 'litellm_params.api_base must be an http or https URL, got ftp:'],
    [{ model: 'vertex_ai/gemini-2.5-flash', vertex_credentials: '{not json' }, 'litellm_params.vertex_credentials: the credentials are not valid JSON'],
    [{ model: 'vertex_ai/gemini-2.5-flash', vertex_credentials: '/no/such/key.json' }, 'litellm_params.vertex_credentials (/no/such/key.json): cannot read the credentials file: ENOENT'],
    [{ model: 'vertex_ai/gemini-2.5-flash', vertex_credentials: '{"type":"service_account","client_email":"x@y"}' }, 'litellm_params.vertex_credentials: the service account credentials have no "private_key"'],
    [{ model: 'vertex_ai/gemini-2.5-flash', vertex_credentials: '{"private_key":"k"}' }, 'litellm_params.vertex_credentials: the credentials have no "type" (expected service_account, authorized_user or external_account)'],
  ])('refuses %j at boot', (params, message) => {
    expect(() => resolveVertexSettings(deploymentOf(params as LitellmParams), {})).toThrow(message);
  });

  it('never quotes the credentials in a message', () => {
    const broken = `${JSON.stringify(serviceAccount).slice(0, -1)},`;
    let message = '';
    try {
      resolveVertexSettings(deploymentOf({ model: 'vertex_ai/gemini-2.5-flash', vertex_credentials: broken }), {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('litellm_params.vertex_credentials: the credentials are not valid JSON');
  });

  it('caches the settings per deployment', () => {
    const deployment = deploymentOf({ model: 'vertex_ai/gemini-2.5-flash', vertex_project: 'p' });
    expect(readVertexSettings(deployment)).toBe(readVertexSettings(deployment));
  });
});
