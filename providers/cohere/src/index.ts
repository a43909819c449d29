export { cohere as default, cohere } from './cohere-provider.js';
export { cohereThinkingBudgets } from './map-reasoning.js';
