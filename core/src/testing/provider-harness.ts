import type { GatewayConfig, ModelListEntry } from '../config/config-types.js';
import { createLogger, type LogLevel } from '../log/logger.js';
import { createGateway, type Gateway } from '../pipeline/create-gateway.js';
import type { CassetteInteraction } from './fixtures.js';
import { startReplayServer, type ReplayHandler, type ReplayResponse, type ReplayServer } from './replay-server.js';
import { serveGateway } from './serve-gateway.js';

export interface ProviderHarnessOptions<Client> {
  /** The providers under test, as `GatewayConfig.providers` takes them. */
  providers: NonNullable<GatewayConfig['providers']>;
  plugins?: GatewayConfig['plugins'];
  /** Lowest level the gateway's logger records into `logs` (default 'debug'). */
  logLevel?: LogLevel;
  /** Builds what a test talks to the served gateway with, e.g. the official openai client (core depends on no client). */
  client(baseURL: string): Client;
}

/** A gateway served on a free loopback port by `startGateway`. */
export interface ProviderHarnessGateway<Client> {
  readonly gateway: Gateway;
  /** `http://127.0.0.1:<port>/v1` */
  readonly baseURL: string;
  readonly client: Client;
  /** Every line the gateway logged. The harness adds no scrubber, so a test sees exactly what core wrote. */
  readonly logs: string[];
  /**
   * POSTs `body` as JSON to `<baseURL><path>` with `authorization: Bearer anything`, for tests that check the raw
   * answer (status, headers, exact bytes) rather than what a client library makes of it.
   */
  postJson(path: string, body: unknown): Promise<Response>;
}

export interface ProviderHarness<Client> {
  /** Starts a replay server (see `startReplayServer`) that `cleanup` closes. */
  replayServer(initial?: ReplayHandler | ReplayResponse): Promise<ReplayServer>;
  /** Builds and serves a gateway of `modelList` with the harness's providers and plugins; `cleanup` closes it. */
  startGateway(modelList: ModelListEntry[]): Promise<ProviderHarnessGateway<Client>>;
  /** Closes everything started since the last cleanup, newest first. Pass it to `afterEach`. */
  cleanup(): Promise<void>;
}

/**
 * The end-to-end setup every provider test shares: replay servers standing in for the upstream, and a real gateway
 * served over HTTP. Each function is a closure, so they can be destructured and `cleanup` handed to `afterEach` as is.
 */
export function createProviderHarness<Client>(options: ProviderHarnessOptions<Client>): ProviderHarness<Client> {
  const cleanups: Array<() => Promise<void>> = [];
  return {
    async replayServer(initial) {
      const server = await startReplayServer(initial);
      cleanups.push(() => server.close());
      return server;
    },
    async startGateway(modelList) {
      const logs: string[] = [];
      const logger = createLogger({ level: options.logLevel ?? 'debug', write: (line) => logs.push(line) });
      const config: GatewayConfig = { model_list: modelList, providers: options.providers };
      if (options.plugins !== undefined) config.plugins = options.plugins;
      const gateway = await createGateway(config, { logger });
      const { baseURL, close } = await serveGateway(gateway);
      cleanups.push(close);
      const postJson = (path: string, body: unknown) =>
        fetch(`${baseURL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer anything' }, body: JSON.stringify(body) });
      return { gateway, baseURL, client: options.client(baseURL), logs, postJson };
    },
    async cleanup() {
      // Every resource is closed even when one fails to, so a failure cannot leak servers into the next test.
      const failures: unknown[] = [];
      for (const close of cleanups.splice(0).reverse()) await close().catch((error: unknown) => failures.push(error));
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, 'several test resources failed to close');
    },
  };
}

/**
 * A recorded cassette interaction as a replay answer: its status, its content type (application/json when none was
 * recorded) and its body bytes. `headers` are added to (or replace) the content type.
 */
export function replayAnswerOf(interaction: CassetteInteraction, options: { split?: ReplayResponse['split']; headers?: Record<string, string> } = {}): ReplayResponse {
  const { response } = interaction;
  return { status: response.status, headers: { 'content-type': response.contentType ?? 'application/json', ...options.headers }, body: response.body, split: options.split ?? 'whole' };
}
