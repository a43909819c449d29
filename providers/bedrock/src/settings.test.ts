import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bedrockDeployment } from '../test/deployment.js';
import { resolveBedrockTarget } from './credentials.js';
import { bedrockModelId, resolveBedrockSettings } from './settings.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('model ids', () => {
  it.each([
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic.claude-3-5-sonnet-20241022-v2:0'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0'],
    ['converse/us.amazon.nova-pro-v1:0', 'us.amazon.nova-pro-v1:0'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0', 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0'],
  ])('%s → %s', (model, id) => {
    expect(bedrockModelId(model)).toBe(id);
  });

  it('refuses the InvokeModel routes', () => {
    expect(() => bedrockModelId('invoke/anthropic.claude-3-haiku-20240307-v1:0')).toThrow("the route 'invoke/' is not supported");
  });

  it('recognises Claude by its id or, for an ARN, by model_info.base_model; and the embedding formats', () => {
    expect(resolveBedrockSettings(bedrockDeployment('us.anthropic.claude-3-haiku-20240307-v1:0'), {}).claude).toBe(true);
    expect(resolveBedrockSettings(bedrockDeployment('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc'), {}).claude).toBe(false);
    expect(resolveBedrockSettings(bedrockDeployment('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc', {}, { model_info: { base_model: 'anthropic.claude-3-haiku-20240307-v1:0' } }), {}).claude).toBe(true);
    expect(resolveBedrockSettings(bedrockDeployment('amazon.titan-embed-text-v2:0'), {}).embedding).toBe('titan-v2');
    expect(resolveBedrockSettings(bedrockDeployment('amazon.titan-embed-text-v1'), {}).embedding).toBe('titan-v1');
    expect(resolveBedrockSettings(bedrockDeployment('cohere.embed-multilingual-v3'), {}).embedding).toBe('cohere');
  });
});

describe('settings', () => {
  it('reads keys, region and endpoint from litellm_params, headers in lower case', () => {
    const settings = resolveBedrockSettings(
      bedrockDeployment('us.amazon.nova-micro-v1:0', { aws_session_token: 'tok', aws_region_name: 'eu-west-1', aws_bedrock_runtime_endpoint: 'https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com/' }, { headers: { 'X-Trace': 'a' } }),
      { AWS_REGION: 'us-west-2' },
    );
    expect(settings).toEqual({
      modelId: 'us.amazon.nova-micro-v1:0',
      claude: false,
      embedding: undefined,
      region: 'eu-west-1',
      profile: undefined,
      endpoint: 'https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com',
      auth: { kind: 'static', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'tok' } },
      headers: { 'x-trace': 'a' },
    });
  });

  it('prefers api_base to the endpoint setting and the environment', () => {
    const deployment = bedrockDeployment('m.x-v1', { aws_bedrock_runtime_endpoint: 'https://b.example' }, { api_base: 'http://127.0.0.1:9' });
    expect(resolveBedrockSettings(deployment, { AWS_BEDROCK_RUNTIME_ENDPOINT: 'https://c.example' }).endpoint).toBe('http://127.0.0.1:9');
    expect(resolveBedrockSettings(bedrockDeployment('m.x-v1'), { AWS_BEDROCK_RUNTIME_ENDPOINT: 'https://c.example' }).endpoint).toBe('https://c.example');
  });

  it('uses api_key, else AWS_BEARER_TOKEN_BEDROCK, as a Bedrock API key; keys in the config win over the environment token', () => {
    expect(resolveBedrockSettings(bedrockDeployment('m.x-v1', { aws_access_key_id: undefined, aws_secret_access_key: undefined }, { api_key: 'bedrock-key' }), {}).auth).toEqual({ kind: 'bearer', token: 'bedrock-key' });
    expect(resolveBedrockSettings(bedrockDeployment('m.x-v1', { aws_access_key_id: undefined, aws_secret_access_key: undefined }), { AWS_BEARER_TOKEN_BEDROCK: 'env-key' }).auth).toEqual({ kind: 'bearer', token: 'env-key' });
    expect(resolveBedrockSettings(bedrockDeployment('m.x-v1'), { AWS_BEARER_TOKEN_BEDROCK: 'env-key' }).auth.kind).toBe('static');
    expect(resolveBedrockSettings(bedrockDeployment('m.x-v1', { aws_access_key_id: undefined, aws_secret_access_key: undefined, aws_profile_name: 'dev' }), {}).auth).toEqual({ kind: 'chain', profile: 'dev' });
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const deployment = bedrockDeployment('m.x-v1', { aws_region_name: undefined });
    expect(resolveBedrockSettings(deployment, { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('ap-south-1');
    expect(resolveBedrockSettings(deployment, { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2');
  });

  it.each([
    [{ aws_role_name: 'arn:aws:iam::1:role/x' }, 'litellm_params.aws_role_name: assuming a role is not supported here'],
    [{ aws_regoin_name: 'us-east-1' }, 'litellm_params.aws_regoin_name is not a bedrock setting'],
    [{ aws_secret_access_key: undefined }, 'must be set together'],
    [{ aws_region_name: 'US East' }, 'is not a region name'],
    [{ aws_bedrock_runtime_endpoint: 'ftp://x' }, 'must be an http or https URL'],
  ])('refuses %j at boot', (params, message) => {
    expect(() => resolveBedrockSettings(bedrockDeployment('m.x-v1', params), {})).toThrow(message);
  });
});

describe('target', () => {
  it('builds the regional endpoint and hands out the configured keys', async () => {
    const target = await resolveBedrockTarget(resolveBedrockSettings(bedrockDeployment('m.x-v1'), {}), {});
    expect({ region: target.region, baseUrl: target.baseUrl }).toEqual({ region: 'us-east-1', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com' });
    expect(await target.credentials!()).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' });
  });

  it("reads the region and credentials of the profile from the shared files, as the AWS SDK's default chain does", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bedrock-profile-'));
    writeFileSync(join(folder, 'config'), '[profile dev]\nregion = eu-central-1\n');
    writeFileSync(join(folder, 'credentials'), '[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profilesecret\n');
    vi.stubEnv('AWS_CONFIG_FILE', join(folder, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(folder, 'credentials'));
    const settings = resolveBedrockSettings(bedrockDeployment('m.x-v1', { aws_access_key_id: undefined, aws_secret_access_key: undefined, aws_region_name: undefined, aws_profile_name: 'dev' }), {});
    const target = await resolveBedrockTarget(settings, {});
    expect({ region: target.region, baseUrl: target.baseUrl }).toEqual({ region: 'eu-central-1', baseUrl: 'https://bedrock-runtime.eu-central-1.amazonaws.com' });
    expect(await target.credentials!()).toMatchObject({ accessKeyId: 'AKIDPROFILE', secretAccessKey: 'profilesecret' });
  });

  it('says where to set a region when none is found', async () => {
    vi.stubEnv('AWS_CONFIG_FILE', join(tmpdir(), 'no-such-aws-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(tmpdir(), 'no-such-aws-credentials'));
    const settings = resolveBedrockSettings(bedrockDeployment('m.x-v1', { aws_region_name: undefined }), {});
    await expect(resolveBedrockTarget(settings, {})).rejects.toThrow('bedrock: no AWS region for this deployment');
  });
});
