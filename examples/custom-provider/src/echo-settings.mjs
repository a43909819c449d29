// @ts-check

/**
 * @typedef {object} EchoSettings
 * @property {string} baseUrl          `litellm_params.api_base`, without a trailing slash
 * @property {import('@switchyard/core').Secret | undefined} apiKey   `litellm_params.api_key`
 * @property {Readonly<Record<string, string>>} headers   `litellm_params.extra_headers`
 * @property {boolean | undefined} shout   `litellm_params.echo_shout`: ask the upstream to answer in capitals
 */

const knownParams = new Set(['echo_shout']);

/**
 * Reads a deployment's echo settings. It throws on anything it cannot use, and `checkDeployment` calls it, so a
 * mistake in the YAML stops the gateway at start-up instead of failing the first request.
 * @param {import('@switchyard/core').Deployment} deployment
 * @returns {EchoSettings}
 */
export function readEchoSettings(deployment) {
  if (deployment.api_base === undefined) throw new Error('litellm_params.api_base is required: the echo upstream has no public address');
  let url;
  try {
    url = new URL(deployment.api_base);
  } catch {
    throw new Error(`litellm_params.api_base must be an http(s) URL, got ${JSON.stringify(deployment.api_base)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`litellm_params.api_base must be an http(s) URL, got ${JSON.stringify(deployment.api_base)}`);
  // provider_params holds every litellm_params key that is neither a connection setting nor an OpenAI param. Keys in
  // this provider's own namespace (echo_*) that it does not know are typos; others belong to plugins or other tools
  // (input_cost_per_token, max_retries, tags) and are left alone, as LiteLLM leaves them.
  for (const key of Object.keys(deployment.provider_params)) {
    if (key.startsWith('echo_') && !knownParams.has(key)) throw new Error(`litellm_params.${key} is not an echo setting (known: ${[...knownParams].join(', ')})`);
  }
  const shout = deployment.provider_params.echo_shout;
  if (shout !== undefined && typeof shout !== 'boolean') throw new Error('litellm_params.echo_shout must be true or false');
  return { baseUrl: deployment.api_base.replace(/\/+$/, ''), apiKey: deployment.api_key, headers: deployment.headers ?? {}, shout };
}
