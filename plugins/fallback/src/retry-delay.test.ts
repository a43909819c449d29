import { GatewayError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { retryDelay } from './retry-delay.js';

const settings = { initial_retry_delay: 0.5, max_retry_delay: 8, retry_after: 0 };
const serverError = new GatewayError({ code: 'upstream_error', message: 'boom' });
const half = () => 0.5;

describe('retryDelay', () => {
  it('waits a random fraction of a ceiling that doubles per retry', () => {
    expect([1, 2, 3].map((retry) => retryDelay(retry, serverError, settings, half))).toEqual([250, 500, 1000]);
  });

  it('caps the ceiling at max_retry_delay', () => {
    expect(retryDelay(10, serverError, settings, half)).toBe(4000);
  });

  it('waits at least the upstream Retry-After', () => {
    const limited = new GatewayError({ code: 'rate_limit_exceeded', message: 'slow down', headers: { 'retry-after': '7' } });
    expect(retryDelay(1, limited, settings, half)).toBe(7000);
  });

  it('waits at least retry_after', () => {
    expect(retryDelay(1, serverError, { ...settings, retry_after: 2 }, half)).toBe(2000);
  });
});
