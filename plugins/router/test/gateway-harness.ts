import type { Server } from 'node:http';
import type { Gateway, ModelListEntry } from '@switchyard/core';
import { serveGateway } from '@switchyard/core/testing';
import OpenAI from 'openai';

/** A gateway listening on a free loopback port, and an official OpenAI client pointed at it. */
export interface Served {
  gateway: Gateway;
  server: Server;
  client: OpenAI;
  close(): Promise<void>;
}

export async function serve(gateway: Gateway): Promise<Served> {
  const served = await serveGateway(gateway);
  const client = new OpenAI({ baseURL: served.baseURL, apiKey: 'unused', maxRetries: 0 });
  return { gateway, server: served.server, client, close: served.close };
}

export async function stop(served: Served): Promise<void> {
  await served.close();
}

/** A mock deployment of `house-model` whose answer is its own name, so a test sees which one answered. */
export function mockDeployment(name: string, params: Record<string, unknown> = {}): ModelListEntry {
  return { model_name: 'house-model', litellm_params: { model: `mock/${name}`, mock_response: `answered by ${name}`, ...params }, model_info: { id: name } };
}

/** Asks `house-model` once and returns the answer's text, which names the deployment. */
export async function ask(client: OpenAI): Promise<string | null> {
  const completion = await client.chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: 'Hello' }] });
  return completion.choices[0]!.message.content;
}

/** Opens a stream and reads its first chunk, leaving it open; `model` of that chunk is the deployment's upstream id. */
export async function openStream(client: OpenAI): Promise<{ model: string; abort: () => void }> {
  const stream = await client.chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: 'Hello' }], stream: true });
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  return { model: (first.value as { model: string }).model, abort: () => stream.controller.abort() };
}
