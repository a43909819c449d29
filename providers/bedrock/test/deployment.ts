import { Secret, type Deployment } from '@switchyard/core';

/** A resolved bedrock/ deployment as core builds it from a model_list entry, for mapper tests. */
export function bedrockDeployment(model: string, params: Record<string, unknown> = {}, extra: Partial<Omit<Deployment, 'api_key'>> & { api_key?: string } = {}): Deployment {
  const { api_key, ...rest } = extra;
  return Object.freeze({
    id: 'test',
    model_name: 'test',
    provider: 'bedrock',
    model,
    request_defaults: {},
    provider_params: { aws_region_name: 'us-east-1', aws_access_key_id: 'AKIDEXAMPLE', aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', ...params },
    model_info: {},
    ...rest,
    ...(api_key === undefined ? {} : { api_key: new Secret(api_key) }),
  });
}
