// @ts-check
import { defineProvider } from '@switchyard/core';
import { readEchoSettings } from './echo-settings.mjs';
import { mapEchoError } from './map-error.mjs';
import { echoSupportedParams, mapEchoRequest } from './map-request.mjs';
import { mapEchoResponse } from './map-response.mjs';
import { mapEchoStream } from './map-stream.mjs';

/**
 * switchyard-provider-echo: serves `echo/<model>` deployments from the echo upstream. Wiring only: the mappers
 * hold the logic, and core's UpstreamHttp does the HTTP, the SSE framing, timeouts and aborts.
 */
export const echo = defineProvider({
  specificationVersion: 'v1',
  id: 'echo',
  prefixes: ['echo'],
  supportedParams: () => echoSupportedParams,
  checkDeployment(deployment) {
    readEchoSettings(deployment);
  },
  chat: {
    async complete(request, call) {
      const upstream = mapEchoRequest(request, settingsOf(call.deployment));
      const answer = await call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, signal: call.signal, mapError: mapEchoError });
      return mapEchoResponse(answer.body);
    },
    async stream(request, call) {
      const upstream = mapEchoRequest(request, settingsOf(call.deployment));
      const answer = await call.http.postStream(upstream.url, {
        headers: upstream.headers,
        body: upstream.body,
        signal: call.signal,
        mapError: mapEchoError,
        framing: 'sse',
      });
      return mapEchoStream(answer.events, { includeUsage: request.stream_options?.include_usage === true });
    },
  },
});

export default echo;

// Deployments are frozen for the gateway's life, so their settings are read once, not on every request.
/** @type {WeakMap<import('@switchyard/core').Deployment, import('./echo-settings.mjs').EchoSettings>} */
const settingsCache = new WeakMap();

/** @param {import('@switchyard/core').Deployment} deployment */
function settingsOf(deployment) {
  let settings = settingsCache.get(deployment);
  if (settings === undefined) settingsCache.set(deployment, (settings = readEchoSettings(deployment)));
  return settings;
}
