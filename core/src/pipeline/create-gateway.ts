import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Dispatcher } from 'undici';
import type Koa from 'koa';
import type { GatewayConfig } from '../config/config-types.js';
import { loadConfigFile, prepareConfig, type LoadedConfig } from '../config/load-config.js';
import { coreVersion } from '../core-version.js';
import { ConfigError, GatewayError, PluginError } from '../errors/gateway-error.js';
import { createGatewayHooks, type GatewayHooks } from '../hooks/create-gateway-hooks.js';
import { guardHooks } from '../hooks/guard-hooks.js';
import { createUpstreamAgent, createUpstreamHttp, type SharedUpstreamHttp } from '../http/create-upstream-http.js';
import type { UpstreamHttp } from '../http/upstream-http.js';
import { createLogger, type Logger } from '../log/logger.js';
import type { ChatChunk, ChatRequest, ChatResponse } from '../openai/chat-types.js';
import type { EmbeddingsRequest, EmbeddingsResponse, ModelList, ModelObject } from '../openai/embeddings-types.js';
import { loadPlugins } from '../plugin/load-plugins.js';
import type { Clock, JsonSchema, PluginRuntime, PluginV1 } from '../plugin/plugin-spec.js';
import type { Deployment } from '../provider/deployment.js';
import { DeploymentDirectory } from '../provider/deployment-directory.js';
import { loadProviders, type ProviderRegistry } from '../provider/provider-registry.js';
import type { ProviderV1 } from '../provider/provider-spec.js';
import { Cancellation } from './cancellation.js';
import { createCoreDispatch } from './core-dispatch.js';
import { GatewayPipeline, type PipelineOutcome, type RequestOrigin } from './gateway-pipeline.js';
import { RequestValidator } from './request-validator.js';
import { materializeChunk } from '../sse/raw-json.js';
import { createKoaMiddleware, type KoaMiddlewareOptions } from './koa-middleware.js';
import { listen, type ListenOptions } from './serve.js';

export interface CreateGatewayOptions {
  /** Folder that relative plugin and provider paths resolve against (default: the config file's, or the cwd). */
  baseDir?: string;
  /** Where `os.environ/` references are looked up (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
  clock?: Clock;
  /** The undici dispatcher for upstream calls (default: one shared keep-alive agent). */
  dispatcher?: Dispatcher;
}

/** Options of one in-process call. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Stand-ins for HTTP request headers, for `authenticate` taps (e.g. `{ authorization: 'Bearer sk-…' }`). */
  headers?: Record<string, string>;
}

const defaultTimeoutSeconds = 600;

/** Builds a gateway from a config file path, a config object, or an already loaded config. */
export async function createGateway(source: string | GatewayConfig | LoadedConfig, options: CreateGatewayOptions = {}): Promise<Gateway> {
  const loaded =
    typeof source === 'string'
      ? await loadConfigFile(source, options.env)
      : 'deployments' in source && 'scrubber' in source
        ? (source as LoadedConfig)
        : prepareConfig(source, { baseDir: options.baseDir, env: options.env });
  const gateway = new Gateway(loaded, options);
  try {
    await gateway.start();
  } catch (error) {
    // A gateway that never started must not keep sockets or timers alive behind the caller's back.
    await gateway.close(0).catch(() => undefined);
    throw error;
  }
  return gateway;
}

/**
 * A running gateway: the pipeline, its hooks and its in-process API shaped like the OpenAI client. `listen` serves
 * it over HTTP; `koaMiddleware` mounts it in another Koa app.
 */
export class Gateway {
  readonly hooks: GatewayHooks = createGatewayHooks();
  readonly config: GatewayConfig;
  readonly deployments: readonly Deployment[];
  readonly logger: Logger;
  readonly clock: Clock;
  readonly startedAt = Math.floor(Date.now() / 1000);
  plugins: readonly PluginV1[] = [];
  providers: readonly ProviderV1[] = [];
  warnings: readonly string[];
  private readonly loaded: LoadedConfig;
  private readonly directory: DeploymentDirectory;
  private pipelineInstance: GatewayPipeline | undefined;
  private sealed = false;
  private closing: Promise<void> | undefined;
  private readonly ownsDispatcher: boolean;
  private readonly dispatcher: Dispatcher;

  constructor(loaded: LoadedConfig, private readonly options: CreateGatewayOptions) {
    this.loaded = loaded;
    this.config = loaded.config;
    this.deployments = loaded.deployments;
    this.warnings = loaded.warnings;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.logger =
      options.logger ??
      createLogger({ level: loaded.config.server?.log_level ?? (loaded.config.litellm_settings?.set_verbose === true ? 'debug' : 'info'), format: loaded.config.server?.log_format ?? (loaded.config.litellm_settings?.json_logs === true ? 'json' : 'text'), scrubber: loaded.scrubber });
    this.directory = new DeploymentDirectory(loaded.deployments);
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? createUpstreamAgent();
    guardHooks(this.hooks, this.logger, () => this.sealed);
  }

  /** Loads providers and plugins, applies plugins, builds the dispatch chain and runs `ready`. Called by createGateway. */
  async start(): Promise<void> {
    const { config, baseDir, scrubber } = this.loaded;
    const registry: ProviderRegistry = await loadProviders(config.providers ?? [], this.deployments, baseDir);
    this.providers = registry.providers;
    const problems: string[] = [];
    for (const deployment of this.deployments) {
      try {
        const provider = registry.get(deployment.provider);
        provider?.checkDeployment?.(deployment);
        const supported = provider?.supportedParams?.(deployment);
        const drop = deployment.drop_params ?? config.litellm_settings?.drop_params === true;
        // A default the provider cannot carry would fail every request; say so now instead.
        const refused = supported && !drop ? Object.keys(deployment.request_defaults).filter((key) => !supported.has(key)) : [];
        if (refused.length > 0) throw new Error(`litellm_params ${refused.join(', ')}: not supported by ${provider!.id} (set drop_params to drop)`);
      } catch (error) {
        problems.push(`model ${deployment.model_name} (${deployment.provider}/${deployment.model}): ${(error as Error).message}`);
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);

    const { plugins, warnings } = await loadPlugins(config, baseDir, coreVersion);
    this.plugins = plugins;
    this.warnings = [...this.warnings, ...warnings];

    const requestParams: Record<string, JsonSchema> = {};
    for (const plugin of plugins) Object.assign(requestParams, plugin.requestParams ?? {});
    const pipeline = new GatewayPipeline({ hooks: this.hooks, directory: this.directory, validator: new RequestValidator(requestParams), logger: this.logger, clock: this.clock });
    this.pipelineInstance = pipeline;

    const runtime: PluginRuntime = {
      coreVersion,
      logger: this.logger,
      clock: this.clock,
      config,
      deployments: this.deployments,
      deploymentsFor: (modelName) => this.directory.find(modelName),
      selectDeployment: (context, select = {}) => pipeline.select(context, this.directory.find(select.modelName ?? context.request.model), select.exclude),
    };
    for (const plugin of plugins) {
      try {
        plugin.apply(this.hooks, plugin.options, runtime);
      } catch (error) {
        throw new ConfigError(`plugin ${plugin.name}: apply failed: ${(error as Error).message}`, error);
      }
    }

    const httpByProvider = new Map<ProviderV1, SharedUpstreamHttp>();
    const httpFor = (provider: ProviderV1) => {
      let http = httpByProvider.get(provider);
      if (!http) httpByProvider.set(provider, (http = createUpstreamHttp({ provider: provider.id, dispatcher: this.dispatcher, scrubber })));
      return http;
    };
    const requestTimeout = Number(config.litellm_settings?.request_timeout ?? defaultTimeoutSeconds);
    const coreDispatch = createCoreDispatch({
      hooks: this.hooks,
      registry,
      httpFor,
      logger: this.logger,
      clock: this.clock,
      defaultTimeout: Number.isFinite(requestTimeout) && requestTimeout > 0 ? requestTimeout : defaultTimeoutSeconds,
      dropParams: config.litellm_settings?.drop_params === true,
    });
    pipeline.setDispatch(this.hooks.wrapDispatch.isUsed() ? this.hooks.wrapDispatch.call(coreDispatch) : coreDispatch);
    try {
      await this.hooks.ready.promise();
    } catch (error) {
      // A PluginError's own message names only the plugin; the operator needs the reason too (ECONNREFUSED…).
      const reason = error instanceof PluginError ? `${error.message}: ${(error.cause as Error)?.message ?? String(error.cause)}` : (error as Error).message;
      throw new ConfigError(`start-up failed in ready: ${reason}`, error);
    }
    this.sealed = true;
  }

  /** The pipeline that HTTP and in-process calls share. */
  get pipeline(): GatewayPipeline {
    if (!this.pipelineInstance) throw new Error('the gateway has not started');
    return this.pipelineInstance;
  }

  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  /** Runs one request; the building block of the HTTP server and the in-process API. */
  run(endpoint: 'chat' | 'embeddings', body: unknown, origin: RequestOrigin): Promise<PipelineOutcome> {
    if (this.closing) return Promise.reject(new GatewayError({ code: 'service_unavailable', message: 'The gateway is shutting down.' }));
    return this.pipeline.run(endpoint, body, origin);
  }

  readonly chat = {
    completions: {
      create: ((body: ChatRequest, options: CallOptions = {}) => this.createCompletion(body, options)) as {
        (body: ChatRequest & { stream: true }, options?: CallOptions): Promise<AsyncIterable<ChatChunk>>;
        (body: ChatRequest & { stream?: false | null }, options?: CallOptions): Promise<ChatResponse>;
        (body: ChatRequest, options?: CallOptions): Promise<ChatResponse | AsyncIterable<ChatChunk>>;
      },
    },
  };

  readonly embeddings = {
    create: async (body: EmbeddingsRequest, options: CallOptions = {}): Promise<EmbeddingsResponse> => {
      const outcome = await this.run('embeddings', body, inProcessOrigin(options));
      return (outcome as { response: EmbeddingsResponse }).response;
    },
  };

  readonly models = {
    list: async (): Promise<ModelList> => ({ object: 'list', data: this.directory.names.map((name) => this.modelObject(name)) }),
    retrieve: async (id: string): Promise<ModelObject> => {
      if (this.directory.find(id).length === 0) throw new GatewayError({ code: 'model_not_found', param: 'model', message: `The model '${id}' does not exist on this gateway.` });
      return this.modelObject(id);
    },
  };

  private modelObject(name: string): ModelObject {
    return { id: name, object: 'model', created: this.startedAt, owned_by: this.directory.find(name)[0]?.provider ?? 'switchyard' };
  }

  private async createCompletion(body: ChatRequest, options: CallOptions): Promise<ChatResponse | AsyncIterable<ChatChunk>> {
    const outcome = await this.run('chat', body, inProcessOrigin(options));
    return outcome.kind === 'stream' ? materializeChunks(outcome.chunks) : (outcome.response as ChatResponse);
  }

  /** Serves the gateway over HTTP. */
  /** Serves the HTTP API; a number is the port. */
  listen(options: ListenOptions | number = {}): Promise<Server> {
    return listen(this, typeof options === 'number' ? { port: options } : options);
  }

  /** A Koa middleware serving the gateway's routes under `prefix`, for mounting in an existing Koa app. */
  koaMiddleware(options: KoaMiddlewareOptions = {}): Koa.Middleware {
    return createKoaMiddleware(this, options);
  }

  /** Stops taking requests, waits for those in flight (up to `drainTimeoutMs`), then runs `close` taps. */
  close(drainTimeoutMs = (this.config.server?.drain_timeout ?? 30) * 1000): Promise<void> {
    this.closing ??= (async () => {
      if (this.pipelineInstance) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.pipelineInstance.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, drainTimeoutMs)))]);
        clearTimeout(timer);
      }
      await this.hooks.close.promise();
      if (this.ownsDispatcher) await (this.dispatcher as Dispatcher & { close(): Promise<void> }).close();
    })();
    return this.closing;
  }
}

/** In-process callers read chunk fields, so raw pass-through chunks are parsed for them. */
async function* materializeChunks(chunks: AsyncIterableIterator<ChatChunk>): AsyncGenerator<ChatChunk> {
  for await (const chunk of chunks) yield materializeChunk(chunk);
}

function inProcessOrigin(options: CallOptions): RequestOrigin {
  return { id: randomUUID(), headers: options.headers ?? {}, cancellation: new Cancellation(options.signal) };
}
