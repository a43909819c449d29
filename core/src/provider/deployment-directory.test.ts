import { describe, expect, it } from 'vitest';
import { buildDeployments } from '../config/build-deployments.js';
import type { ModelListEntry } from '../config/config-types.js';
import { DeploymentDirectory } from './deployment-directory.js';

function directoryOf(entries: ModelListEntry[]): DeploymentDirectory {
  return new DeploymentDirectory(buildDeployments(entries, (index) => `model_list[${index}]`).deployments);
}

describe('DeploymentDirectory', () => {
  it('finds every deployment of an exact model name, in config order', () => {
    const directory = directoryOf([
      { model_name: 'x', litellm_params: { model: 'mock/one' } },
      { model_name: 'y', litellm_params: { model: 'mock/two' } },
      { model_name: 'x', litellm_params: { model: 'mock/three' } },
    ]);
    expect(directory.find('x').map((deployment) => deployment.model)).toEqual(['one', 'three']);
  });

  it('finds nothing for an unknown name', () => {
    expect(directoryOf([{ model_name: 'x', litellm_params: { model: 'mock/x' } }]).find('z')).toEqual([]);
  });

  it('puts the text a wildcard name matched in place of the * in the upstream model', () => {
    const directory = directoryOf([{ model_name: 'openrouter/*', litellm_params: { model: 'openrouter/*' } }]);
    const found = directory.find('openrouter/anthropic/claude-3.5-sonnet');
    expect(found.map((deployment) => [deployment.model_name, deployment.provider, deployment.model])).toEqual([
      ['openrouter/*', 'openrouter', 'anthropic/claude-3.5-sonnet'],
    ]);
  });

  it('keeps the upstream model of a wildcard deployment whose model has no *', () => {
    const directory = directoryOf([{ model_name: 'claude-*', litellm_params: { model: 'anthropic/claude-3-5-haiku-latest' } }]);
    expect(directory.find('claude-anything').map((deployment) => deployment.model)).toEqual(['claude-3-5-haiku-latest']);
  });

  it('matches a wildcard only over the whole name', () => {
    const directory = directoryOf([{ model_name: 'openrouter/*', litellm_params: { model: 'openrouter/*' } }]);
    expect(directory.find('my-openrouter/x')).toEqual([]);
  });

  it('prefers an exact name over a wildcard that also matches it', () => {
    const directory = directoryOf([
      { model_name: 'openrouter/*', litellm_params: { model: 'openrouter/*' } },
      { model_name: 'openrouter/fixed', litellm_params: { model: 'mock/fixed' } },
    ]);
    expect(directory.find('openrouter/fixed').map((deployment) => deployment.provider)).toEqual(['mock']);
  });

  it('reads characters that mean something in a regular expression literally', () => {
    const directory = directoryOf([{ model_name: 'gpt-4.1*', litellm_params: { model: 'openai/gpt-4.1*' } }]);
    expect([directory.find('gpt-4.1-mini').length, directory.find('gpt-4x1-mini').length]).toEqual([1, 0]);
  });

  it('returns the same wildcard deployment object for repeated lookups of one name', () => {
    const directory = directoryOf([{ model_name: 'openrouter/*', litellm_params: { model: 'openrouter/*' } }]);
    expect(directory.find('openrouter/a')[0]).toBe(directory.find('openrouter/a')[0]);
  });

  it('lists only names without wildcards', () => {
    const directory = directoryOf([
      { model_name: 'x', litellm_params: { model: 'mock/x' } },
      { model_name: 'openrouter/*', litellm_params: { model: 'openrouter/*' } },
      { model_name: 'x', litellm_params: { model: 'mock/x2' } },
    ]);
    expect(directory.names).toEqual(['x']);
  });
});
