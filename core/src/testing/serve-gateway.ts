import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from '../pipeline/create-gateway.js';

/** A gateway listening on a free loopback port, for tests. */
export interface ServedGateway {
  readonly server: Server;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `http://127.0.0.1:<port>/v1`, what an OpenAI client takes as its baseURL. */
  readonly baseURL: string;
  /** Drops open connections (keep-alive ones too), stops listening and closes the gateway. */
  close(): Promise<void>;
}

/** Serves a gateway on 127.0.0.1 and a free port; `close()` undoes all of it. */
export async function serveGateway(gateway: Gateway): Promise<ServedGateway> {
  const server = await gateway.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    origin,
    baseURL: `${origin}/v1`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await gateway.close(0);
    },
  };
}
