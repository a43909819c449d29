// npm run bench: the gateway against a recorded-traffic mock upstream, beside calling the mock directly and a
// minimal pass-through proxy, JSON and streamed, at concurrency 1 and 64. The mock and the load generator share CPU 0,
// the proxy or gateway under test has CPU 1 to itself, so its own cost shows. Prints a table and writes
// docs/benchmarks.md.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureHookCost } from './hook-cost.mjs';
import { fixtures } from './bench-fixtures.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const canPin = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return cpus().length >= 2;
  } catch {
    return false;
  }
})();
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function start(cpu, args, readyPattern) {
  const command = canPin ? 'taskset' : process.execPath;
  const argv = canPin ? ['-c', String(cpu), process.execPath, ...args] : args;
  const child = spawn(command, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = readyPattern.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
  });
}

function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function peakRssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((text) => text.startsWith('VmHWM:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}

function load(url, concurrency, mode, duration = seconds) {
  return new Promise((resolve, reject) => {
    const args = [join(here, 'load-generator.mjs'), url, String(concurrency), String(duration), mode];
    const child = spawn(canPin ? 'taskset' : process.execPath, canPin ? ['-c', '0', process.execPath, ...args] : args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
  });
}

const upstream = await start(0, [join(here, 'mock-upstream.mjs')], /^(\d+)\n/);
const upstreamBase = `http://127.0.0.1:${upstream.port}`;
const workDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));

async function startGateway(plugins, deploymentCount = 1) {
  const config = join(workDir, `gateway-${plugins.length}.yaml`);
  const deployment = (index) => ({ model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o-2024-08-06', api_base: `${upstreamBase}/v1`, api_key: 'sk-bench-upstream-key', rpm: 1_000_000 + index }, model_info: { id: `deployment-${index}` } });
  writeFileSync(
    config,
    JSON.stringify({
      model_list: Array.from({ length: deploymentCount }, (_unused, index) => deployment(index)),
      plugins,
      server: { log_level: 'warn' },
    }),
  );
  return start(1, [join(root, 'core', 'dist', 'cli', 'main.js'), '--config', config, '--port', '0'], /listening on http:\/\/[^:]+:(\d+)/);
}

const proxyName = 'pass-through proxy';
const gatewayName = 'switchyard (no plugins)';
const targets = [
  { name: 'direct (mock upstream)', process: undefined, url: upstreamBase },
  { name: proxyName, ...(await start(1, [join(here, 'pass-through-proxy.mjs'), upstreamBase], /^(\d+)\n/)) },
  { name: gatewayName, ...(await startGateway([])) },
];
// The happy-path cost of routing and fallbacks: two deployments behind one name, both plugins on.
const pluginsName = 'switchyard (router + fallback)';
const withPlugins = ['router', 'fallback'].every((name) => existsSync(join(root, 'node_modules', '@switchyard', `plugin-${name}`)));
if (withPlugins) targets.push({ name: pluginsName, ...(await startGateway([{ use: 'router' }, { use: 'fallback' }], 2)) });
for (const target of targets) {
  target.url ??= `http://127.0.0.1:${target.port}`;
  target.process = target.child;
}

// Every target first serves a load at c=64, JSON then streamed, before anything is measured: the JIT compiles the
// gateway's larger code over the first tens of thousands of requests, and without this the first rows (JSON at c=1)
// measured that compilation, which shares the target's pinned CPU (measured: ~500–640 instead of ~250 µs of CPU per
// request in the first round).
const warmUpSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? seconds);
for (const target of targets) {
  if (!target.process || warmUpSeconds <= 0) continue;
  for (const mode of ['json', 'stream']) await load(`${target.url}/v1/chat/completions`, 64, mode, warmUpSeconds);
}

// Targets take turns, round after round, and each row reports the median of its rounds: on a shared machine the
// speed drifts over minutes, and turns keep that drift from landing on one target only.
// Five: with three, one slow round on this shared machine was enough to move a median by 5%.
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (values) => {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((left, right) => left - right);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
};
const rows = [];
// Every round's result per row, for the paired comparisons below.
const roundsOf = new Map();
for (const mode of ['json', 'stream']) {
  for (const concurrency of [1, 64]) {
    const samples = new Map(targets.map((target) => [target.name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const target of targets) {
        const before = target.process ? cpuTicks(target.process.pid) : 0;
        const result = await load(`${target.url}/v1/chat/completions`, concurrency, mode);
        const ticks = target.process ? cpuTicks(target.process.pid) - before : NaN;
        const cpuMicros = target.process && result.requests > 0 ? ((ticks / ticksPerSecond) * 1e6) / result.requests : NaN;
        samples.get(target.name).push({ ...result, cpuMicros });
      }
    }
    const proxyRuns = samples.get(proxyName);
    for (const target of targets) {
      const runs = samples.get(target.name);
      roundsOf.set(`${target.name}/${mode}/${concurrency}`, runs);
      const row = { target: target.name, mode, concurrency, errors: runs.reduce((sum, run) => sum + run.errors, 0) };
      for (const field of ['requests', 'throughput', 'p50', 'p99', 'firstByteP50', 'firstByteP99', 'cpuMicros']) row[field] = median(runs.map((run) => run[field]));
      // What a target adds to the proxy, paired round by round: the two ran back to back, so a slow minute on this
      // shared machine lands on both sides of a difference instead of on one target's median only.
      row.addedP50 = median(runs.map((run, round) => run.p50 - proxyRuns[round].p50));
      row.addedFirstByteP50 = median(runs.map((run, round) => run.firstByteP50 - proxyRuns[round].firstByteP50));
      rows.push(row);
      process.stderr.write(`${target.name.padEnd(30)} ${mode.padEnd(6)} c=${String(concurrency).padEnd(3)} ${row.throughput.toFixed(0).padStart(6)} req/s  p50 ${row.p50.toFixed(3)} ms (${row.addedP50 >= 0 ? '+' : ''}${row.addedP50.toFixed(3)})  p99 ${row.p99.toFixed(3)} ms  first byte p50 ${row.firstByteP50.toFixed(3)} ms  cpu ${Number.isNaN(row.cpuMicros) ? '-' : row.cpuMicros.toFixed(0)} µs/req  errors ${row.errors}\n`);
    }
  }
}
const rss = Object.fromEntries(targets.filter((target) => target.process).map((target) => [target.name, peakRssMb(target.process.pid)]));
for (const target of targets) target.process?.kill('SIGTERM');
upstream.child.kill('SIGTERM');

const hookCost = await measureHookCost();

const signed = (value) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(3)}`;
// A target's throughput as a share of another's: the median of the per-round shares, for the same reason as the
// paired latency above (the two ran back to back in each round).
const throughputShare = (target, base, mode, concurrency) => {
  const baseRuns = roundsOf.get(`${base}/${mode}/${concurrency}`);
  return median(roundsOf.get(`${target}/${mode}/${concurrency}`).map((run, round) => run.throughput / baseRuns[round].throughput));
};
const find = (target, mode, concurrency) => rows.find((row) => row.target === target && row.mode === mode && row.concurrency === concurrency);
const checks = [];
for (const mode of ['json', 'stream']) {
  const share = throughputShare(gatewayName, proxyName, mode, 64);
  checks.push({ what: `${mode}: throughput at c=64 ≥ 80% of the proxy's`, value: `${(share * 100).toFixed(0)}%`, pass: share >= 0.8 });
  const gateway1 = find(gatewayName, mode, 1);
  checks.push({ what: `${mode}: p50 at c=1 ≤ proxy's + 0.15 ms`, value: `${signed(gateway1.addedP50)} ms`, pass: gateway1.addedP50 <= 0.15 });
}
const streamGateway = find(gatewayName, 'stream', 1);
checks.push({ what: 'stream: first byte at c=1 ≤ proxy\'s + 0.5 ms', value: `${signed(streamGateway.addedFirstByteP50)} ms`, pass: streamGateway.addedFirstByteP50 <= 0.5 });
checks.push({ what: 'peak RSS ≤ 1.2× the proxy\'s', value: `${rss[gatewayName].toFixed(0)} MB vs ${rss[proxyName].toFixed(0)} MB (${(rss[gatewayName] / rss[proxyName]).toFixed(2)}×)`, pass: rss[gatewayName] <= 1.2 * rss[proxyName] });
if (withPlugins) {
  for (const mode of ['json', 'stream']) {
    const share = throughputShare(pluginsName, gatewayName, mode, 64);
    checks.push({ what: `${mode}: router + fallback throughput at c=64 ≥ 90% of no plugins`, value: `${(share * 100).toFixed(0)}%`, pass: share >= 0.9 });
  }
}
checks.push({ what: 'an empty tap on every hook, per request (in-process)', value: `${hookCost.addedMicros.toFixed(2)} µs (${hookCost.baseMicros.toFixed(1)} → ${hookCost.tappedMicros.toFixed(1)} µs)`, pass: true });

const number = (value, digits) => (Number.isNaN(value) ? '–' : value.toFixed(digits));
const table = [
  '| target | body | concurrency | req/s | p50 ms | p50 over the proxy ms | p99 ms | first byte p50 ms | CPU µs/req | errors |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((row) => `| ${row.target} | ${row.mode} | ${row.concurrency} | ${number(row.throughput, 0)} | ${number(row.p50, 3)} | ${row.target === proxyName ? '–' : signed(row.addedP50)} | ${number(row.p99, 3)} | ${number(row.firstByteP50, 3)} | ${number(row.cpuMicros, 0)} | ${row.errors} |`),
].join('\n');
const checkTable = ['| target | measured | met |', '| --- | --- | --- |', ...checks.map((check) => `| ${check.what} | ${check.value} | ${check.pass ? 'yes' : '**no**'} |`)].join('\n');
const machine = `${cpus()[0].model.trim()}, ${cpus().length} cores, Node ${process.version}, ${canPin ? 'pinned with taskset (load + mock on CPU 0, target on CPU 1)' : 'not pinned (taskset unavailable)'}`;
const date = new Date().toISOString().slice(0, 10);
const streamEvents = readFileSync(fixtures.sse, 'utf8').split('\n\n').filter((event) => event.startsWith('data:')).length;

process.stdout.write(`\n${table}\n\n${checkTable}\n\npeak RSS: ${Object.entries(rss).map(([name, mb]) => `${name} ${mb.toFixed(0)} MB`).join(', ')}\n`);

const doc = `# Benchmarks

Generated by \`npm run bench\` (bench/run-bench.mjs), do not edit by hand: run it again.

- Date: ${date}
- Machine: ${machine}
- Each row: the median of ${rounds} rounds of ${seconds} s of closed-loop load after a warm-up, the targets taking turns
  round by round, once every target has served ${warmUpSeconds} s of JSON and ${warmUpSeconds} s of streams at c=64 so that
  the JIT has compiled its hot code; the body is recorded OpenAI traffic
  (\`openai/openai-node/chat.structured-output.json\` for JSON, \`chat-stream.content-logprobs.sse\` for streams,
  ${streamEvents} events) served by a local mock upstream.
- Targets: the mock called directly; a minimal pass-through proxy (node:http piping to undici, no parsing:
  bench/pass-through-proxy.mjs); Switchyard from its CLI with one \`openai/\` deployment pointing at the mock and no
  plugins.
- "p50 over the proxy" is the median, over the rounds, of the target's p50 minus the proxy's in the same round (they
  ran back to back); the latency targets are checked on it, and the throughput targets likewise on the median of the
  per-round shares. A difference of two medians taken minutes apart moved
  with whatever else this shared machine was doing at the time.
- CPU µs/req is the target process's user + system CPU time divided by the requests it served; it is steadier than
  throughput on a shared machine.

${table}

Peak RSS (VmHWM): ${Object.entries(rss).map(([name, mb]) => `${name} ${mb.toFixed(0)} MB`).join(', ')}.

## Targets (no plugins)

${checkTable}

## Where the time goes

Profiles of the gateway under the c=64 stream load (\`node --cpu-prof\`), syscall counts (\`strace -c\`) and in-process
microbenchmarks, 2026-11-23:

- Removed from the hot path so far: a \`JSON.parse\` per stream chunk (pass-through chunks stay text, \`rawChunk\`), one
  socket write per event (a streamed answer takes two \`writev\` calls, one upstream and one to the client, as the
  proxy's does), a timer re-armed per chunk, an \`AbortError\` with a stack trace per stream, routing through
  \`@koa/router\` for the model routes (~19 µs), async iterators over request and upstream bodies (~10 µs each), and
  on 2026-11-23:
  - an async generator for SSE decoding and another for the provider's mapping: events are now decoded one upstream
    read at a time into a queue, and provider-openai maps them in the same pass (\`mapEvents\`); decoding and mapping
    the 14-event answer went from ~36 µs to ~16 µs, and the chunks after the first of a read pass core's later
    stages without an await each (\`nextReady\`);
  - every \`AbortSignal\`: two per request, plus their listeners, ~20 µs in all on Node 20. Core's \`Cancellation\`
    carries the client leaving and the attempt's timeout with plain callbacks;
  - an object spread of plugin response headers into the stream's header literal, which took V8's slow path (~13 µs
    per stream with the fallback plugin's three headers), and the router's tier map for a group with no \`order\`;
  - \`undici.request\`: it wraps every answer in a Readable with its own async resource, and its \`text()\` tears the
    stream down in a \`setImmediate\`. Core now dispatches with its own handler
    (\`core/src/http/upstream-exchange.ts\`), which collects a JSON body or hands a stream's chunks to the decoder
    directly: ~45 instead of ~67 µs of CPU per JSON call in a microbenchmark. In one alternating run of five rounds
    against the commit before it, the gateway's CPU per request went from ~236 to ~153 µs (JSON, c=1), ~284 to
    ~206 µs (stream, c=1), ~152 to ~109 µs (JSON, c=64) and ~194 to ~173 µs (stream, c=64), and its p50 at c=1 went
    from +0.03–0.05 ms above the proxy's to ~0.03 ms below it.
- Read the verdicts with care: this machine is shared, and the proxy's own CPU cost moves by up to 60% between runs.
  Two things keep the latency rows honest: every target is warmed up at c=64 before the first row (the JIT was still
  compiling the gateway during the first JSON c=1 rounds, at ~500–640 instead of ~250 µs of CPU per request), and the
  latency targets are checked on the round-by-round difference from the proxy. Before both, the JSON c=1 row read
  from +0.055 to +0.385 ms over seven runs on 2026-11-23, depending on the hour.
- At these rates the load generator and the mock, which share CPU 0, limit the c=64 rows as much as the target does:
  the mock alone serves ~15,000 requests/s to the load generator, and a target that needs less CPU than the proxy
  no longer shows it fully in requests/s. CPU µs per request is the figure to compare.
- What is left has no single hotspot: Koa costs ~18 µs per request over bare \`node:http\` (it is the server this
  project chose), request parsing and validation ~10 µs, and undici's own request set-up and parsing.
- Peak RSS follows the allocation rate more than the code loaded: at idle the gateway holds ~30 MB more than the
  proxy (Koa, Ajv's compiled request schemas, YAML), but under load both grow V8's young generation, and with fewer
  allocations per request the gateway's peak came down to the proxy's.

The hook cost row calls the in-process API with the mock provider ${hookCost.iterations} times with no plugins, then with a plugin
that taps every request hook with a no-op, and reports the difference per request.
`;
writeFileSync(join(root, 'docs', 'benchmarks.md'), doc);
process.stderr.write(`\nwrote docs/benchmarks.md\n`);
process.exit(0);
