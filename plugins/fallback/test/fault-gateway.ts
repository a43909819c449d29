import { createGateway, definePlugin, type GatewayConfig, type ModelListEntry, type PluginV1, type RequestRecord } from '@switchyard/core';
import { startReplayServer, type ReplayResponse, type ReplayServer, serveGateway } from '@switchyard/core/testing';
import OpenAI from 'openai';
import { createFallback } from '../src/index.js';
import type { FallbackOptions } from '../src/options-schema.js';

/** Servers and gateways to stop after each test, newest first. */
export const cleanups: Array<() => Promise<void>> = [];

export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

/** A loopback upstream whose answers each test sets. */
export async function faultyUpstream(initial: ReplayResponse): Promise<ReplayServer> {
  const server = await startReplayServer(initial);
  cleanups.push(() => server.close());
  return server;
}

/** A model_list entry served by `@switchyard/provider-openai` against the replay server. */
export function deployment(model_name: string, id: string, upstream: ReplayServer, params: Record<string, unknown> = {}): ModelListEntry {
  return {
    model_name,
    litellm_params: { model: 'openai/x', api_base: `${upstream.url}/v1`, api_key: 'sk-test-0123456789abcdef', ...params },
    model_info: { id },
  };
}

/** A chat completion in OpenAI's shape, saying which upstream wrote it. */
export function completion(text: string): ReplayResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'chatcmpl-fault-test',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'x',
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    }),
  };
}

/** An error in OpenAI's shape: `{"error":{"message","type","param","code"}}`. */
export function openAIError(status: number, code: string | null, type: string, headers: Record<string, string> = {}): ReplayResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ error: { message: `upstream says ${code ?? status}`, type, param: null, code } }),
  };
}

export interface FaultGateway {
  client: OpenAI;
  /** `http://127.0.0.1:<port>/v1`, for raw HTTP. */
  baseURL: string;
  /** Every finished request's record, in order. */
  records: RequestRecord[];
  /** Every wait the plugin asked for, in milliseconds. */
  delays: number[];
}

export interface FaultGatewayOptions {
  /** The plugin's options. */
  plugin?: FallbackOptions;
  clock?: { now(): number };
  random?: () => number;
}

/**
 * A gateway with the fallback plugin (its sleep records the delay and returns at once, so no test waits), an observer
 * that keeps every record, listening on port 0 and driven by the official client with its own retries off.
 */
export async function startFaultGateway(config: GatewayConfig, options: FaultGatewayOptions = {}): Promise<FaultGateway> {
  const records: RequestRecord[] = [];
  const delays: number[] = [];
  const recorder = definePlugin({
    name: 'record',
    core: '^1.0.0',
    apply(hooks) {
      hooks.requestFinished.tap('record', (record) => void records.push(record));
    },
  });
  const factory = createFallback({ sleep: async (ms) => void delays.push(ms), random: options.random ?? (() => 0.5) });
  const plugins = [factory(options.plugin ?? {}) as PluginV1, ...((config.plugins ?? []) as PluginV1[]), recorder() as PluginV1];
  const gateway = await createGateway({ ...config, plugins }, { ...(options.clock ? { clock: options.clock } : {}), logger: silentLogger });
  const { baseURL, close } = await serveGateway(gateway);
  cleanups.push(close);
  return { client: new OpenAI({ baseURL, apiKey: 'sk-client', maxRetries: 0 }), baseURL, records, delays };
}

const ignore = () => undefined;
export const silentLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

export const hello = [{ role: 'user' as const, content: 'Hello' }];
