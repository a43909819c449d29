// @ts-check
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGateway } from '@switchyard/core';
import { startEchoUpstream } from './echo-upstream.mjs';

// The example runs its own upstream, so `npm start` needs no account anywhere.
const apiKey = 'echo-demo-key-0123456789';
const upstream = await startEchoUpstream({ apiKey });
const gateway = await createGateway(join(dirname(fileURLToPath(import.meta.url)), '..', 'config.yaml'), {
  env: { ...process.env, ECHO_API_BASE: upstream.url, ECHO_API_KEY: apiKey },
});
const server = await gateway.listen({ port: Number(process.env.PORT ?? 4000) });
const address = server.address();
const port = typeof address === 'object' && address !== null ? address.port : undefined;
console.log(`echo upstream at ${upstream.url}; gateway at http://127.0.0.1:${port}/v1 (models: echo, echo-shout, echo-wrong-key)`);

const shutdown = () => {
  server.close();
  gateway
    .close()
    .then(() => upstream.close())
    .then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
