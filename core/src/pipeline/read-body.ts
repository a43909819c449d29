import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';

/** Reads and parses a JSON request body, refusing one over `limit` bytes with a 413 before reading it all. */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
  if (text.length === 0) throw new GatewayError({ code: 'invalid_json', message: 'The request body is empty; send a JSON object.' });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayError({ code: 'invalid_json', message: `We could not parse the JSON body of your request: ${(error as Error).message}`, cause: error });
  }
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError({ code: 'request_too_large', message: `The request body is larger than this gateway accepts (${limit} bytes).` });
}
