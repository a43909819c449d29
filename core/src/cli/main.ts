#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../config/config-types.js';
import { coreVersion } from '../core-version.js';
import { ConfigError } from '../errors/gateway-error.js';
import { createGateway, type Gateway } from '../pipeline/create-gateway.js';

const usage = `switchyard ${coreVersion}: an OpenAI-compatible LLM gateway

Usage:
  switchyard --config config.yaml [--port 4000] [--host 127.0.0.1]
  switchyard --model openai/gpt-4o [--port 4000]

Options:
  -c, --config <file>   YAML config (model_list, plugins, LiteLLM sections)
  -m, --model <model>   serve one model (provider/model-id) with no config file
  -p, --port <port>     port to listen on (default: config server.port, else 4000)
  -H, --host <host>     address to listen on (default: config server.host, else 127.0.0.1)
      --drain <seconds> how long SIGTERM waits for in-flight requests (default 30)
  -v, --version         print the version
  -h, --help            print this help`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        model: { type: 'string', short: 'm' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string', short: 'H' },
        drain: { type: 'string' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (args.version) {
    process.stdout.write(coreVersion + '\n');
    return 0;
  }
  if (!args.config === !args.model) {
    process.stderr.write(`give either --config or --model\n\n${usage}\n`);
    return 2;
  }
  const port = args.port === undefined ? undefined : Number(args.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, got ${args.port}\n`);
    return 2;
  }

  let gateway: Gateway;
  try {
    gateway = await createGateway(args.config ?? singleModelConfig(args.model!));
  } catch (error) {
    if (error instanceof ConfigError || (error as ConfigError).problems) {
      process.stderr.write(`switchyard: the config has problems:\n${(error as ConfigError).problems.map((line) => `  - ${line}`).join('\n')}\n`);
      return 1;
    }
    throw error;
  }
  for (const warning of gateway.warnings) gateway.logger.warn(warning);

  let server: Server;
  try {
    server = await gateway.listen({ port, host: args.host });
  } catch (error) {
    process.stderr.write(`switchyard: cannot listen: ${(error as Error).message}\n`);
    await gateway.close(0);
    return 1;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const models = [...new Set(gateway.deployments.map((deployment) => deployment.model_name))];
  const drainMs = (args.drain === undefined ? (gateway.config.server?.drain_timeout ?? 30) : Number(args.drain)) * 1000;
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      gateway.logger.info(`${signal}: draining ${gateway.pipeline.requestsInFlight} in-flight request(s)`);
      server.close();
      const force = setTimeout(() => server.closeAllConnections(), drainMs + 1000);
      force.unref();
      gateway.close(drainMs).then(
        () => {
          server.closeIdleConnections();
          gateway.logger.info('stopped');
          resolve(0);
        },
        (error: unknown) => {
          gateway.logger.error('shutdown failed', { error });
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    // Only now: a supervisor may send SIGTERM the moment it reads this, and it must find the handler in place.
    process.stdout.write(
      [
        `switchyard ${coreVersion} listening on http://${host}:${address.port}`,
        `models: ${models.length > 0 ? models.join(', ') : '(none)'}`,
        `providers: ${gateway.providers.map((provider) => provider.id).join(', ') || '(none)'}`,
        `plugins: ${gateway.plugins.map((plugin) => plugin.name).join(', ') || '(none)'}`,
      ].join('\n') + '\n',
    );
  });
}

/** `--model groq/llama-3.1-8b` serves it as both `groq/llama-3.1-8b` and `llama-3.1-8b`. */
function singleModelConfig(model: string): GatewayConfig {
  const slash = model.indexOf('/');
  const names = slash > 0 ? [model, model.slice(slash + 1)] : [model];
  return { model_list: names.map((name) => ({ model_name: name, litellm_params: { model } })) };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`switchyard: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
