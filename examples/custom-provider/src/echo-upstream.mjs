// @ts-check
import { createServer } from 'node:http';

/**
 * The upstream the echo provider talks to: a tiny LLM-like HTTP API with its own wire format, so the provider's
 * mappers have real work to do. It "answers" by repeating the last user turn. This comment is its API reference.
 *
 * POST /v1/echo, header `x-echo-key: <key>`
 *   request    {"model": string, "turns": [{"from": "system"|"user"|"assistant", "parts": [string]}],
 *               "limit"?: integer 1..256 (most tokens to answer), "shout"?: boolean, "stream"?: boolean}
 *   200 JSON   {"echo_id", "model", "created_at": ISO 8601, "text", "stop": "end"|"limit", "tokens": {"input", "output"}}
 *   200 SSE    `event: start` {"echo_id", "model", "created_at"}, one `event: token` {"text"} per token,
 *              then `event: end` {"stop", "tokens"}
 *   failure    {"failure": {"reason": "bad_key"|"invalid"|"overloaded", "detail": string}} with 401, 400 or 503
 *              (503 carries retry-after)
 * A token is a word with the whitespace that follows it.
 *
 * @param {{ apiKey: string, port?: number, host?: string, now?: () => number }} options
 */
export async function startEchoUpstream({ apiKey, port = 0, host = '127.0.0.1', now = () => Date.now() }) {
  /** @type {Array<{ headers: import('node:http').IncomingHttpHeaders, body: any }>} */
  const requests = [];
  /** @type {number | undefined} */
  let overloadedFor;
  let sequence = 0;

  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    if (req.method !== 'POST' || req.url !== '/v1/echo') return send(res, 404, { failure: { reason: 'not_found', detail: `no route ${req.method} ${req.url}` } });
    if (req.headers['x-echo-key'] !== apiKey) return send(res, 401, { failure: { reason: 'bad_key', detail: 'the key is not valid' } });
    if (overloadedFor !== undefined) {
      return send(res, 503, { failure: { reason: 'overloaded', detail: 'too busy, come back later' } }, { 'retry-after': String(overloadedFor) });
    }
    const body = JSON.parse(text);
    if (body.limit !== undefined && !(Number.isInteger(body.limit) && body.limit >= 1 && body.limit <= 256)) {
      return send(res, 400, { failure: { reason: 'invalid', detail: 'limit must be a whole number from 1 to 256' } });
    }
    requests.push({ headers: req.headers, body });

    const turns = /** @type {Array<{ from: string, parts: string[] }>} */ (body.turns);
    const lastUser = turns.filter((turn) => turn.from === 'user').at(-1);
    const said = lastUser ? lastUser.parts.join('') : '';
    const tokens = tokenize(body.shout ? said.toUpperCase() : said);
    const answer = tokens.slice(0, body.limit ?? tokens.length);
    const inputTokens = turns.reduce((sum, turn) => sum + turn.parts.reduce((count, part) => count + tokenize(part).length, 0), 0);
    const head = { echo_id: `echo-${++sequence}`, model: body.model, created_at: new Date(now()).toISOString() };
    const tail = { stop: answer.length < tokens.length ? 'limit' : 'end', tokens: { input: inputTokens, output: answer.length } };

    if (!body.stream) return send(res, 200, { ...head, text: answer.join(''), ...tail });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': stream opened\n\n');
    res.write(`event: start\ndata: ${JSON.stringify(head)}\n\n`);
    for (const token of answer) res.write(`event: token\ndata: ${JSON.stringify({ text: token })}\n\n`);
    res.end(`event: end\ndata: ${JSON.stringify(tail)}\n\n`);
  });

  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}`,
    /** The requests the upstream answered, in order; the nth got the id `echo-<n>`. Refused ones are not kept. */
    requests,
    /** Answer every call with 503 overloaded and this retry-after (seconds) until called with undefined. */
    setOverloaded(/** @type {number | undefined} */ retryAfterSeconds) {
      overloadedFor = retryAfterSeconds;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/** @param {string} text */
function tokenize(text) {
  return text.split(/(?<=\s)/).filter((token) => token.length > 0);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
