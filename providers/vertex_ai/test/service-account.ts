import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/*
 * Test support (excluded from the build with the tests): a service-account key file with a throwaway RSA key made
 * for the test run, so no real key is ever in the repository and the token endpoint can check the JWT signature.
 */

export interface TestServiceAccount {
  readonly json: Record<string, string>;
  readonly publicKey: KeyObject;
}

export function testServiceAccount(tokenUri: string, overrides: Record<string, string> = {}): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey,
    json: {
      type: 'service_account',
      project_id: 'sa-project',
      private_key_id: 'test-key-id-0001',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: 'gateway@sa-project.iam.gserviceaccount.com',
      client_id: '100000000000000000001',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: tokenUri,
      ...overrides,
    },
  };
}

/** The token endpoint's answer, as Google documents it. @see https://developers.google.com/identity/protocols/oauth2/service-account#httprest */
export function tokenAnswer(accessToken: string, expiresIn = 3599): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer' }),
  };
}

export interface DecodedJwt {
  header: unknown;
  payload: Record<string, unknown>;
  signedPart: string;
  signature: Buffer;
}

export function decodeJwt(jwt: string): DecodedJwt {
  const [header, payload, signature] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
    signedPart: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}
