export { startReplayServer, type ReplayServer, type ReplayResponse, type ReplayHandler, type RecordedRequest } from './replay-server.js';
export { fixturesDir, specsDir, readFixture, readFixtureText, readFixtureJson, readCassette, type CassetteInteraction } from './fixtures.js';
export { openAPIValidator, type OpenAPIValidator } from './openapi-validator.js';
export { serveGateway, type ServedGateway } from './serve-gateway.js';
export { serviceReachable, skipWithoutService, type LocalService } from './skip-without-service.js';
export { createProviderHarness, replayAnswerOf, type ProviderHarness, type ProviderHarnessGateway, type ProviderHarnessOptions } from './provider-harness.js';
export { rejectionOf } from './rejection-of.js';
