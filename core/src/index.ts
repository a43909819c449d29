export { createGateway, Gateway, type CreateGatewayOptions, type CallOptions } from './pipeline/create-gateway.js';
export type { KoaMiddlewareOptions } from './pipeline/koa-middleware.js';
export type { ListenOptions } from './pipeline/serve.js';
export type { PipelineOutcome, RequestOrigin } from './pipeline/gateway-pipeline.js';
export { Cancellation } from './pipeline/cancellation.js';
export { createGatewayHooks, observerHooks, type GatewayHooks } from './hooks/create-gateway-hooks.js';
export { Stage } from './hooks/stage.js';
export type {
  AttemptRecord,
  Dispatch,
  DispatchOptions,
  DispatchResult,
  Endpoint,
  GatewayContext,
  GatewayRequest,
  GatewayResponse,
  Principal,
  RequestRecord,
} from './hooks/gateway-context.js';
/** Ajv's schema type, so a plugin can type its options schema without depending on ajv itself. */
export type { JSONSchemaType } from 'ajv';
export { definePlugin, isPluginV1, type Clock, type JsonSchema, type PluginDefinition, type PluginFactory, type PluginRuntime, type PluginV1 } from './plugin/plugin-spec.js';
export { defineProvider, isProviderV1, type ProviderCall, type ProviderV1 } from './provider/provider-spec.js';
export type { Deployment } from './provider/deployment.js';
export type { UpstreamByteStream, UpstreamFailure, UpstreamHttp, UpstreamJson, UpstreamRequestInit, UpstreamStream, StreamFraming } from './http/upstream-http.js';
export { mapOpenAIStyleError, headerValue, retryAfterSeconds } from './http/map-upstream-error.js';
export { hopByHopHeaders, withoutHopByHop, deploymentHeaders } from './http/hop-by-hop.js';
export type { UpstreamEvent, EventMapper } from './sse/event-stream.js';
export { mapEvents } from './sse/event-stream.js';
export { parseSse, parseNdjson } from './sse/parse-sse.js';
export { attachRawJson, rawJsonOf, dropRawJson, toJsonText, rawChunk, materializeChunk } from './sse/raw-json.js';
export { sseData, sseDone } from './sse/write-sse.js';
export {
  GatewayError,
  ConfigError,
  PluginError,
  UpstreamError,
  UnsupportedParameterError,
  isRetryableStatus,
  toGatewayError,
  type GatewayErrorInit,
  type OpenAIErrorBody,
  type UpstreamErrorInit,
} from './errors/gateway-error.js';
export { errorCodes, type ErrorCode } from './errors/error-codes.js';
export { errorClasses, errorClassDefaults, errorClassOf, errorClassOfStatus, saysContextWindowExceeded, type ErrorClass, type ErrorClassDefaults } from './errors/error-class.js';
export {
  upstreamError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  BadRequestError,
  ContextWindowExceededError,
  ContentPolicyViolationError,
  RateLimitError,
  TimeoutError,
  ServiceUnavailableError,
  InternalServerError,
  type ClassifiedErrorInit,
} from './errors/upstream-errors.js';
export { loadConfigFile, prepareConfig, type LoadedConfig } from './config/load-config.js';
export type { GatewayConfig, LitellmParams, ModelListEntry, PluginEntry, ServerSettings } from './config/config-types.js';
export { splitModel } from './config/build-deployments.js';
export { Secret, maskSecret } from './secrets/secret.js';
export { SecretScrubber } from './secrets/secret-scrubber.js';
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from './log/logger.js';
export { chatRequestSchema, embeddingsRequestSchema, chatParamNames, forbiddenRequestParams, isForbiddenRequestParam, messageNameParam } from './openai/request-schemas.js';
export { lookupModel, catalogEntryFor, modelCatalogSource, type ModelCatalogEntry, type ModelCatalogSource } from './catalog/model-catalog.js';
export { embeddingToBase64 } from './openai/embedding-base64.js';
export { coreVersion } from './core-version.js';
export type * from './openai/chat-types.js';
export type * from './openai/embeddings-types.js';
