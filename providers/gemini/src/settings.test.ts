import { Secret, type Deployment } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { resolveGeminiSettings } from './settings.js';

const deployment = (fields: Partial<Deployment> = {}): Deployment => ({ id: 'd', model_name: 'g', provider: 'gemini', model: 'gemini-2.5-flash', request_defaults: {}, provider_params: {}, model_info: {}, ...fields });

describe('resolveGeminiSettings', () => {
  it('uses the public endpoint and the configured key in x-goog-api-key', () => {
    expect(resolveGeminiSettings(deployment({ api_key: new Secret('AIza-config'), headers: { 'X-Extra': 'yes' } }), { GEMINI_API_KEY: 'AIza-env' })).toEqual({
      baseUrl: 'https://generativelanguage.googleapis.com',
      apiVersion: 'v1beta',
      apiKey: 'AIza-config',
      safetySettings: undefined,
      headers: { 'x-goog-api-key': 'AIza-config', 'x-extra': 'yes' },
    });
  });

  it('reads GEMINI_API_KEY, then GOOGLE_API_KEY', () => {
    expect(resolveGeminiSettings(deployment(), { GEMINI_API_KEY: 'AIza-1', GOOGLE_API_KEY: 'AIza-2' }).apiKey).toBe('AIza-1');
    expect(resolveGeminiSettings(deployment(), { GOOGLE_API_KEY: 'AIza-2' }).apiKey).toBe('AIza-2');
  });

  it('takes api_base, api_version and safety_settings', () => {
    const settings = resolveGeminiSettings(
      deployment({ api_base: 'http://127.0.0.1:9/', api_version: 'v1', provider_params: { safety_settings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' }] } }),
      { GEMINI_API_KEY: 'k' },
    );
    expect([settings.baseUrl, settings.apiVersion, settings.safetySettings]).toEqual(['http://127.0.0.1:9', 'v1', [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' }]]);
  });

  it('reports every problem at once', () => {
    expect(() => resolveGeminiSettings(deployment({ api_base: 'ftp://x', provider_params: { vertex_project: 'p', safety_settings: 'none' } }), {})).toThrow(
      'litellm_params.vertex_project is not a gemini setting (known: safety_settings); litellm_params.safety_settings must be a list of {category, threshold} strings; litellm_params.api_base must be an http or https URL, got ftp:; no API key for gemini/: set litellm_params.api_key or the environment variable GEMINI_API_KEY or GOOGLE_API_KEY',
    );
  });
});
