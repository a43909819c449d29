import { connect } from 'node:net';

export interface LocalService {
  /** Named in the skip message, e.g. 'Redis'. */
  name: string;
  port: number;
  host?: string;
}

/** Whether something accepts TCP connections at the service's address (within half a second). */
export function serviceReachable(service: LocalService): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port: service.port, host: service.host ?? '127.0.0.1', timeout: 500 });
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * Whether tests of a real service (Redis, Postgres) should skip: only outside CI, and then with the reason printed.
 * In CI the service is required, so its tests run anyway and a missing service fails them instead of passing quietly.
 */
export async function skipWithoutService(service: LocalService, what: string): Promise<boolean> {
  const skip = !(await serviceReachable(service)) && !process.env.CI;
  if (skip) console.log(`Skipping ${what}: nothing answers at ${service.host ?? '127.0.0.1'}:${service.port} (${service.name}) and CI is not set.`);
  return skip;
}
