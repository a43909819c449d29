import { ConfigError, GatewayError, PluginError } from '../errors/gateway-error.js';
import type { Logger } from '../log/logger.js';
import { observerHooks, type GatewayHooks } from './create-gateway-hooks.js';

type AnyFunction = (...args: unknown[]) => unknown;
interface FullTap { name: string; type: 'sync' | 'async' | 'promise'; fn: AnyFunction }

/**
 * Installs core's one `register` interceptor on every hook. It wraps each tap so that an unexpected throw becomes a
 * PluginError naming the plugin and hook (a GatewayError passes unchanged), isolates observer taps so a throw is only
 * logged, and refuses taps once the gateway is sealed (tapable would recompile a hook mid-traffic).
 */
export function guardHooks(hooks: GatewayHooks, logger: Logger, isSealed: () => boolean): void {
  const observers = new Set<string>(observerHooks);
  for (const [hookName, hook] of Object.entries(hooks)) {
    const observer = observers.has(hookName);
    hook.intercept({
      register(tapInfo) {
        if (isSealed()) throw new ConfigError(`plugin ${tapInfo.name} tapped ${hookName} after the gateway started; tap in apply()`);
        const tap = tapInfo as unknown as FullTap;
        return { ...tap, fn: observer ? isolate(tap, hookName, logger) : wrap(tap, hookName) } as unknown as typeof tapInfo;
      },
    });
    // tapable counts interceptors as use; core's own must not make an untapped hook look tapped, or every request
    // would run empty hooks and lose the pass-through fast path.
    const interceptors = (hook as unknown as { interceptors: unknown[] }).interceptors;
    hook.isUsed = () => hook.taps.length > 0 || interceptors.length > 1;
  }
}

function toPluginError(error: unknown, plugin: string, hook: string): unknown {
  return GatewayError.isGatewayError(error) ? error : new PluginError(plugin, hook, error);
}

function wrap(tap: FullTap, hookName: string): AnyFunction {
  const fn = tap.fn;
  switch (tap.type) {
    case 'promise': {
      // No async wrapper: one more promise frame per tap per request is measurable on the hot path.
      const onError = (error: unknown) => {
        throw toPluginError(error, tap.name, hookName);
      };
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = fn(...args);
        } catch (error) {
          return Promise.reject(toPluginError(error, tap.name, hookName));
        }
        return (result as Promise<unknown>).then(undefined, onError);
      };
    }
    case 'async':
      return (...args: unknown[]) => {
        const callback = args.pop() as (error?: unknown, result?: unknown) => void;
        try {
          fn(...args, (error: unknown, result: unknown) => callback(error ? toPluginError(error, tap.name, hookName) : error, result));
        } catch (error) {
          callback(toPluginError(error, tap.name, hookName));
        }
      };
    default:
      return (...args: unknown[]) => {
        try {
          return fn(...args);
        } catch (error) {
          throw toPluginError(error, tap.name, hookName);
        }
      };
  }
}

function isolate(tap: FullTap, hookName: string, logger: Logger): AnyFunction {
  const fn = tap.fn;
  const report = (error: unknown) => logger.error(`observer ${tap.name} failed in ${hookName}`, { error });
  return (...args: unknown[]) => {
    try {
      const result = fn(...args) as { then?: unknown; catch?: (onError: (error: unknown) => void) => void } | undefined;
      // An async observer's rejection would otherwise be unhandled, which ends the process.
      if (typeof result?.then === 'function' && typeof result.catch === 'function') result.catch(report);
    } catch (error) {
      report(error);
    }
  };
}
