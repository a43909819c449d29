// Closed-loop load: `concurrency` loops each send a request, read the whole answer, and send the next, for
// `seconds` after a warm-up. Prints one JSON line: requests, errors, throughput, latency and first-byte percentiles.
import { Pool } from 'undici';

const [url, concurrencyText, secondsText, streamText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const seconds = Number(secondsText);
const stream = streamText === 'stream';
const target = new URL(url);
const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
const body = JSON.stringify({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'What is the weather like in San Francisco? Answer as JSON.' }],
  ...(stream ? { stream: true } : {}),
});
const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-client' };

async function once() {
  const start = process.hrtime.bigint();
  const response = await pool.request({ path: target.pathname, method: 'POST', headers, body });
  let first;
  for await (const _chunk of response.body) first ??= process.hrtime.bigint();
  const end = process.hrtime.bigint();
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
  return { latency: Number(end - start) / 1e6, firstByte: Number((first ?? end) - start) / 1e6 };
}

async function run(durationMs, record) {
  const stopAt = performance.now() + durationMs;
  const latencies = [];
  const firstBytes = [];
  let errors = 0;
  const loop = async () => {
    while (performance.now() < stopAt) {
      try {
        const result = await once();
        if (record) {
          latencies.push(result.latency);
          firstBytes.push(result.firstByte);
        }
      } catch {
        errors++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { latencies, firstBytes, errors, elapsed: performance.now() - started };
}

const percentile = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

await run(Math.min(2000, seconds * 300), false);
const { latencies, firstBytes, errors, elapsed } = await run(seconds * 1000, true);
await pool.close();
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    errors,
    throughput: latencies.length / (elapsed / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    firstByteP50: percentile(firstBytes, 50),
    firstByteP99: percentile(firstBytes, 99),
  }) + '\n',
);
