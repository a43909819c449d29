import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { StaticCredentials } from './settings.js';

/*
 * AWS Signature Version 4 over the exact bytes the gateway sends. The canonical path is the URL's path as sent
 * (model ids already percent-encoded) and is encoded once more, as AWS requires for every service but S3. The host
 * header is signed but not sent: undici writes the same value from the URL.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */

export interface SigningInput {
  readonly url: string;
  /** Headers to send; every one is signed. Names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly region: string;
  readonly credentials: StaticCredentials;
  /** Bedrock's signing name is `bedrock` (not `bedrock-runtime`). */
  readonly service?: string;
  /** Adds x-amz-content-sha256, as the AWS SDKs do; the test suite's vectors are computed without it. */
  readonly applyChecksum?: boolean;
  readonly signingDate?: Date;
}

/** The headers to send: the input's plus x-amz-date, x-amz-content-sha256, x-amz-security-token and authorization. */
export async function signBedrockRequest(input: SigningInput): Promise<Record<string, string>> {
  const url = new URL(input.url);
  const signer = new SignatureV4({
    service: input.service ?? 'bedrock',
    region: input.region,
    credentials: input.credentials,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: input.applyChecksum ?? true,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: url.pathname,
      query: {},
      headers: { ...input.headers, host: url.host },
      body: input.body,
    },
    input.signingDate === undefined ? {} : { signingDate: input.signingDate },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) if (name !== 'host') headers[name] = value;
  return headers;
}
