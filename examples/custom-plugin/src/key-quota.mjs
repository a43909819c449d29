// @ts-check
import { createHash } from 'node:crypto';
import { GatewayError, Stage, definePlugin } from '@switchyard/core';
import { keyQuotaOptionsSchema } from './options-schema.mjs';
import { RequestWindow } from './request-window.mjs';

const PLUGIN_NAME = 'key-quota';

/**
 * What `admit` counted for one request, so the observer can give it back. Keyed by the request's context: private to
 * this plugin, and gone with the request.
 * @type {WeakMap<import('@switchyard/core').GatewayContext, { caller: string, windowStart: number }>}
 */
const counted = new WeakMap();

/**
 * key-quota: bearer-key authentication and a per-caller requests-per-minute limit. Wiring only: the counting lives in
 * RequestWindow.
 */
export const keyQuota = definePlugin(
  /** @type {import('@switchyard/core').PluginDefinition<import('./options-schema.mjs').KeyQuotaOptions>} */ ({
    name: PLUGIN_NAME,
    core: '^1.0.0',
    optionsSchema: keyQuotaOptionsSchema,
    apply(hooks, options, runtime) {
      const callers = callersByDigest(options.keys);
      const window = new RequestWindow({ limit: options.limit, windowMs: 60_000, clock: runtime.clock });

      // LATE: a plugin that recognises the caller another way (SSO, say) answers first; this tap is the last word
      // and refuses whoever nobody recognised.
      hooks.authenticate.tapPromise({ name: PLUGIN_NAME, stage: Stage.LATE }, async (context) => {
        const key = bearerToken(context.headers.authorization);
        if (key === undefined) throw new GatewayError({ code: 'invalid_api_key', message: 'Send your API key as "Authorization: Bearer <key>".' });
        const caller = callers.get(digest(key));
        if (caller === undefined) throw new GatewayError({ code: 'invalid_api_key', message: 'The API key is not valid.' });
        return { id: caller };
      });

      // LATE: every other admit check (budgets, model access) runs first, so a request one of them refuses uses
      // none of the caller's quota.
      hooks.admit.tapPromise({ name: PLUGIN_NAME, stage: Stage.LATE }, async (context) => {
        const caller = context.principal?.id;
        if (caller === undefined) return;
        const taken = window.take(caller);
        if (!taken.allowed) {
          throw new GatewayError({
            code: 'rate_limit_exceeded',
            message: `${caller} has made ${options.limit} requests this minute; try again in ${taken.retryAfterSeconds} s.`,
            headers: { 'retry-after': String(taken.retryAfterSeconds) },
          });
        }
        counted.set(context, { caller, windowStart: taken.windowStart });
      });

      // Decided once here, from the options: with the default, the transform hooks stay untapped and cost nothing.
      if (options.report_model === 'requested') {
        hooks.transformResponse.tapPromise(PLUGIN_NAME, async (response, context) => {
          response.model = context.request.model;
          return response;
        });
        hooks.transformChunk.tap(PLUGIN_NAME, (chunk, context) => {
          chunk.model = context.request.model;
          return chunk;
        });
      }

      hooks.requestFinished.tap({ name: PLUGIN_NAME, stage: Stage.OBSERVE }, (record) => {
        const entry = counted.get(record.context);
        if (entry === undefined) return;
        // A request the gateway or the upstream failed (5xx) gave the caller nothing, so it uses no quota.
        if (record.error !== undefined && record.error.status >= 500) window.giveBack(entry.caller, entry.windowStart);
        runtime.logger.debug(`${PLUGIN_NAME}: request finished`, {
          caller: entry.caller,
          status: record.error?.status ?? record.status,
          used: window.used(entry.caller, entry.windowStart),
          limit: options.limit,
        });
      });
    },
  }),
);

export default keyQuota;

/**
 * Keys are looked up by their SHA-256 digest, so no comparison ever runs over the secret itself and the answer's
 * timing tells a guesser nothing about how much of a key was right.
 * @param {ReadonlyArray<{ name: string, key: string }>} keys
 */
function callersByDigest(keys) {
  /** @type {Map<string, string>} */
  const callers = new Map();
  /** @type {Map<string, number>} */
  const firstIndex = new Map();
  keys.forEach(({ name, key }, index) => {
    const hash = digest(key);
    const earlier = firstIndex.get(hash);
    if (earlier !== undefined) throw new Error(`keys[${index}] repeats the key of keys[${earlier}]`);
    firstIndex.set(hash, index);
    callers.set(hash, name);
  });
  return callers;
}

/** @param {string} key */
function digest(key) {
  return createHash('sha256').update(key).digest('hex');
}

/** @param {string | string[] | undefined} header */
function bearerToken(header) {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match === null ? undefined : match[1];
}
