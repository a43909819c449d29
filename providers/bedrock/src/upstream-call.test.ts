import { describe, expect, it } from 'vitest';
import { bedrockDeployment } from '../test/deployment.js';
import { resolveBedrockTarget } from './credentials.js';
import { resolveBedrockSettings } from './settings.js';
import { prepareBedrockCall } from './upstream-call.js';

const url = 'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.amazon.nova-micro-v1%3A0/converse';
const body = { messages: [{ role: 'user', content: [{ text: 'Hello!' }] }] };

describe('prepareBedrockCall', () => {
  it('sends a Bedrock API key as a bearer token, with the body serialised once and no signature', async () => {
    const settings = resolveBedrockSettings(bedrockDeployment('us.amazon.nova-micro-v1:0', { aws_access_key_id: undefined, aws_secret_access_key: undefined }, { api_key: 'bedrock-key-0001', headers: { 'X-Team': 'a' } }), {});
    const call = await prepareBedrockCall(url, body, settings, await resolveBedrockTarget(settings, {}));
    expect(call).toEqual({ url, headers: { 'x-team': 'a', 'content-type': 'application/json', authorization: 'Bearer bedrock-key-0001' }, body: JSON.stringify(body) });
  });

  it('signs the operator headers with the rest', async () => {
    const settings = resolveBedrockSettings(bedrockDeployment('us.amazon.nova-micro-v1:0', {}, { headers: { 'X-Team': 'a' } }), {});
    const call = await prepareBedrockCall(url, body, settings, await resolveBedrockTarget(settings, {}), new Date('2024-05-01T10:20:30Z'));
    expect(call.body).toBe('{"messages":[{"role":"user","content":[{"text":"Hello!"}]}]}');
    expect(call.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20240501\/us-east-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-team, Signature=[0-9a-f]{64}$/);
    expect(call.headers['x-team']).toBe('a');
  });
});
