import { GatewayError } from '@switchyard/core';

/** A 400 `unsupported_parameter` naming the exact element Cohere cannot take, and why. */
export function unsupportedByCohere(param: string, reason: string): GatewayError {
  return new GatewayError({ code: 'unsupported_parameter', param, message: `cohere: ${param}: ${reason}` });
}

/** A 400 `invalid_request` for input that leaves no faithful mapping (two params that disagree, a malformed value). */
export function invalidForCohere(param: string, reason: string): GatewayError {
  return new GatewayError({ code: 'invalid_request', param, message: `cohere: ${param}: ${reason}` });
}
