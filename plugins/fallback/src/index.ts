export { fallback as default, fallback, createFallback } from './fallback.js';
export type { FallbackDependencies } from './fallback-dispatch.js';
export type { AllowedFailsPolicy, FallbackMap, FallbackOptions, RetryPolicy } from './options-schema.js';
