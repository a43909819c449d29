// The baseline: the least a proxy can do. node:http in, undici out, bodies piped both ways with no parsing.
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';

const upstream = process.argv[2];
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

const server = createServer(async (req, res) => {
  try {
    const answer = await request(upstream + req.url, {
      method: req.method,
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
      body: req,
      dispatcher: agent,
    });
    const headers = { 'content-type': answer.headers['content-type'] };
    res.writeHead(answer.statusCode, headers);
    await pipeline(answer.body, res);
  } catch (error) {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
