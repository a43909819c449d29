import { prepareConfig, type Deployment, type LitellmParams } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { resolveCohereSettings } from './settings.js';

function deploymentOf(litellmParams: LitellmParams): Deployment {
  return prepareConfig({ model_list: [{ model_name: 'command', litellm_params: litellmParams }] }, { env: {} }).deployments[0];
}

describe('resolveCohereSettings', () => {
  it('defaults to https://api.cohere.com with the config key as a bearer token', () => {
    const settings = resolveCohereSettings(deploymentOf({ model: 'cohere/command-a-03-2025', api_key: 'co-config-key-0001' }), {});
    expect(settings).toStrictEqual({ baseUrl: 'https://api.cohere.com', apiKey: 'co-config-key-0001', headers: { authorization: 'Bearer co-config-key-0001' }, inputType: undefined });
  });

  it('reads COHERE_API_KEY, then CO_API_KEY, skipping empty values, and prefers the config key', () => {
    const deployment = deploymentOf({ model: 'cohere_chat/command-r7b-12-2024' });
    expect(resolveCohereSettings(deployment, { COHERE_API_KEY: 'from-cohere-api-key', CO_API_KEY: 'from-co-api-key' }).apiKey).toBe('from-cohere-api-key');
    expect(resolveCohereSettings(deployment, { COHERE_API_KEY: '', CO_API_KEY: 'from-co-api-key' }).apiKey).toBe('from-co-api-key');
    expect(resolveCohereSettings(deploymentOf({ model: 'cohere/command-r', api_key: 'config' }), { COHERE_API_KEY: 'environment' }).apiKey).toBe('config');
  });

  it('removes a trailing slash or version segment from api_base, since the paths carry /v2', () => {
    const bases = ['https://proxy.example/cohere/', 'https://proxy.example/cohere/v1', 'https://proxy.example/cohere/v2/'];
    expect(bases.map((api_base) => resolveCohereSettings(deploymentOf({ model: 'cohere/command-r', api_key: 'k', api_base }), {}).baseUrl)).toStrictEqual([
      'https://proxy.example/cohere',
      'https://proxy.example/cohere',
      'https://proxy.example/cohere',
    ]);
  });

  it('lets extra headers from the config join (and override) the authorization header', () => {
    const settings = resolveCohereSettings(deploymentOf({ model: 'cohere/command-r', api_key: 'k', extra_headers: { 'X-Client-Name': 'switchyard', Authorization: 'Token proxy' } }), {});
    expect(settings.headers).toStrictEqual({ authorization: 'Token proxy', 'x-client-name': 'switchyard' });
  });

  it('takes a default embedding input_type from litellm_params', () => {
    const settings = resolveCohereSettings(deploymentOf({ model: 'cohere/embed-v4.0', api_key: 'k', input_type: 'search_query' }), {});
    expect(settings.inputType).toBe('search_query');
  });

  it('reports every problem at once: no key, a bad URL, an unknown input_type', () => {
    expect(() => resolveCohereSettings(deploymentOf({ model: 'cohere/command-r', api_base: 'ftp://cohere.example', input_type: 'query' }), {})).toThrow(
      'litellm_params.api_base must be an http or https URL, got ftp:; no API key for cohere/: set litellm_params.api_key or the environment variable COHERE_API_KEY (or CO_API_KEY); litellm_params.input_type must be one of search_document, search_query, classification, clustering, image, got "query"',
    );
  });
});
