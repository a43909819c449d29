// The benchmark's upstream: answers /v1/chat/completions with a recorded OpenAI body, JSON or SSE, as fast as it can,
// so what is measured is the gateway in front of it. Prints its port on stdout.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fixtures } from './bench-fixtures.mjs';

const json = readFileSync(fixtures.json);
const sse = readFileSync(fixtures.sse);
const jsonHeaders = { 'content-type': 'application/json', 'content-length': String(json.length) };
const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

const server = createServer((req, res) => {
  let streamed = false;
  req.on('data', (chunk) => {
    if (!streamed && chunk.includes('"stream":true')) streamed = true;
  });
  req.on('end', () => {
    if (streamed) {
      res.writeHead(200, sseHeaders);
      res.end(sse);
    } else {
      res.writeHead(200, jsonHeaders);
      res.end(json);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
