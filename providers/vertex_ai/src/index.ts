export { vertexAi as default, vertexAi } from './vertex-ai-provider.js';
export { readVertexSettings, resolveVertexSettings, vertexModelUrl, type VertexSettings, type VertexCredentials } from './settings.js';
export { publisherOf, isEmbeddingModel, type VertexPublisher } from './publisher.js';
export { cloudPlatformScope } from './vertex-auth.js';
