export { mock as default, mock } from './mock-provider.js';
export type { MockSettings } from './mock-settings.js';
