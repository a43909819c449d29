import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function fixturesDir() {
  if (process.env.SWITCHYARD_FIXTURES) return resolve(process.env.SWITCHYARD_FIXTURES);
  for (const candidate of [join(here, '..', '..', 'shared', 'fixtures'), join(here, '..', 'shared', 'fixtures')]) {
    if (existsSync(join(candidate, 'SOURCES.md'))) return candidate;
  }
  throw new Error('cannot find shared/fixtures; set SWITCHYARD_FIXTURES');
}

/** Recorded OpenAI traffic the benchmark replays (see shared/fixtures/SOURCES.md). */
export const fixtures = {
  json: join(fixturesDir(), 'openai', 'openai-node', 'chat.structured-output.json'),
  sse: join(fixturesDir(), 'openai', 'openai-node', 'chat-stream.content-logprobs.sse'),
};
