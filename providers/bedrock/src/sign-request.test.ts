import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBedrockRequest } from './sign-request.js';

const example = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('signBedrockRequest', () => {
  // The post-vanilla vector of AWS's Signature Version 4 test suite
  // (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html, kept in awslabs/aws-c-auth
  // tests/aws-signing-test-suite/v4/post-vanilla): POST / to example.amazonaws.com, service "service", us-east-1,
  // 20150830T123600Z, empty body, no x-amz-content-sha256.
  it('produces the exact Authorization header of the AWS SigV4 test suite post-vanilla vector', async () => {
    const headers = await signBedrockRequest({
      url: 'https://example.amazonaws.com/',
      headers: {},
      body: '',
      region: 'us-east-1',
      service: 'service',
      applyChecksum: false,
      credentials: example,
      signingDate: new Date('2015-08-30T12:36:00Z'),
    });
    expect(headers).toEqual({
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    });
  });

  it('signs a Converse call over its exact body, the model id encoded twice in the canonical path, with the session token', async () => {
    const url = 'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.amazon.nova-micro-v1%3A0/converse';
    const body = '{"messages":[{"role":"user","content":[{"text":"Hello!"}]}]}';
    const credentials = { ...example, sessionToken: 'FQoGZXIvYXdzEXAMPLETOKEN' };
    const headers = await signBedrockRequest({ url, headers: { 'content-type': 'application/json' }, body, region: 'us-east-1', credentials, signingDate: new Date('2024-05-01T10:20:30Z') });
    const payloadHash = createHash('sha256').update(body).digest('hex');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-amz-date': '20240501T102030Z',
      'x-amz-security-token': 'FQoGZXIvYXdzEXAMPLETOKEN',
      'x-amz-content-sha256': payloadHash,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=${independentSignature(body, payloadHash)}`,
    });
  });
});

/** The same signature computed step by step from the SigV4 documentation, to check the library's canonical path. */
function independentSignature(body: string, payloadHash: string): string {
  const canonicalRequest = [
    'POST',
    '/model/us.amazon.nova-micro-v1%253A0/converse',
    '',
    'content-type:application/json',
    'host:bedrock-runtime.us-east-1.amazonaws.com',
    `x-amz-content-sha256:${payloadHash}`,
    'x-amz-date:20240501T102030Z',
    'x-amz-security-token:FQoGZXIvYXdzEXAMPLETOKEN',
    '',
    'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token',
    createHash('sha256').update(body).digest('hex'),
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', '20240501T102030Z', '20240501/us-east-1/bedrock/aws4_request', createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${example.secretAccessKey}`, '20240501'), 'us-east-1'), 'bedrock'), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
