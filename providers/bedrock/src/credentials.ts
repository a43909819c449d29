import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { GatewayError } from '@switchyard/core';
import type { BedrockSettings, Environment, StaticCredentials } from './settings.js';

/*
 * Where a deployment's calls go and with which AWS identity, resolved the way the AWS SDKs resolve them: credentials
 * from the default provider chain (environment, shared files and SSO, web identity, ECS and EC2 instance metadata),
 * the region from the shared config file's profile when neither the config nor the environment names one.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html
 */

export type CredentialSource = () => Promise<StaticCredentials>;

/** What a call needs beyond the settings: the region that signs it and the runtime endpoint it goes to. */
export interface BedrockTarget {
  readonly region: string;
  /** e.g. https://bedrock-runtime.us-east-1.amazonaws.com, no trailing slash. */
  readonly baseUrl: string;
  /** Undefined for a Bedrock API key, which needs no signing. */
  readonly credentials: CredentialSource | undefined;
}

const targets = new WeakMap<BedrockSettings, Promise<BedrockTarget>>();

/** The target of a deployment's settings, resolved once (the credential source itself refreshes expiring keys). */
export function bedrockTarget(settings: BedrockSettings): Promise<BedrockTarget> {
  let target = targets.get(settings);
  if (target === undefined) {
    target = resolveBedrockTarget(settings, process.env);
    // A failed lookup (no region yet) is tried again on the next call rather than remembered.
    target.catch(() => targets.delete(settings));
    targets.set(settings, target);
  }
  return target;
}

export async function resolveBedrockTarget(settings: BedrockSettings, environment: Environment): Promise<BedrockTarget> {
  const region = settings.region ?? (await profileRegion(settings.profile ?? nonEmpty(environment.AWS_PROFILE) ?? 'default'));
  if (region === undefined) {
    throw new GatewayError({
      code: 'internal_error',
      expose: true,
      message: 'bedrock: no AWS region for this deployment: set litellm_params.aws_region_name, AWS_REGION or a region in the profile of ~/.aws/config',
    });
  }
  return {
    region,
    baseUrl: settings.endpoint ?? `https://bedrock-runtime.${region}.amazonaws.com`,
    credentials: credentialSource(settings),
  };
}

function credentialSource(settings: BedrockSettings): CredentialSource | undefined {
  const auth = settings.auth;
  if (auth.kind === 'bearer') return undefined;
  if (auth.kind === 'static') {
    const credentials = auth.credentials;
    return () => Promise.resolve(credentials);
  }
  // The chain memoizes and refreshes on its own; one instance per deployment keeps SSO and IMDS lookups shared.
  const chain = defaultProvider(auth.profile === undefined ? {} : { profile: auth.profile });
  return async () => {
    try {
      return await chain();
    } catch (error) {
      throw new GatewayError({
        code: 'internal_error',
        expose: true,
        message: `bedrock: no AWS credentials found (${(error as Error).message}); set aws_access_key_id/aws_secret_access_key, aws_profile_name or api_key, or run where the default credential chain finds them`,
        cause: error,
      });
    }
  };
}

async function profileRegion(profile: string): Promise<string | undefined> {
  const files = await loadSharedConfigFiles();
  const region = files.configFile?.[profile]?.region ?? files.credentialsFile?.[profile]?.region;
  return typeof region === 'string' && region !== '' ? region : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
