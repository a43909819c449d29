import type { Deployment } from '@switchyard/core';

/** A deployment as core would build it from a model_list entry, with only the fields a test cares about set. */
export function makeDeployment(id: string, fields: Partial<Omit<Deployment, 'id'>> = {}): Deployment {
  return {
    id,
    model_name: 'house-model',
    provider: 'mock',
    model: id,
    request_defaults: {},
    provider_params: {},
    model_info: {},
    ...fields,
  };
}
