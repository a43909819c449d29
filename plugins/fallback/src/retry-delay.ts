import type { GatewayError } from '@switchyard/core';

export interface RetryDelaySettings {
  initial_retry_delay: number;
  max_retry_delay: number;
  retry_after: number;
}

/**
 * Milliseconds to wait before retry number `retry` (1 for the first): exponential backoff with full jitter, never
 * less than the upstream's Retry-After or the configured `retry_after`.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ (full jitter spreads clients that
 * failed together, so they do not all come back at the same moment)
 */
export function retryDelay(retry: number, error: GatewayError, settings: RetryDelaySettings, random: () => number): number {
  const ceiling = Math.min(settings.max_retry_delay, settings.initial_retry_delay * 2 ** (retry - 1)) * 1000;
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs(error) ?? 0, settings.retry_after * 1000);
}

/** The upstream's Retry-After (seconds, or an HTTP date) in milliseconds, when it sent one. */
export function retryAfterMs(error: GatewayError, now = Date.now()): number | undefined {
  const value = error.headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
