export { router as default, router } from './router.js';
export type { RouterOptions, RoutingStrategy, RoutingStrategyArgs } from './options-schema.js';
