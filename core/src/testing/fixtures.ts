import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let cachedDir: string | undefined;

/**
 * The folder of recorded provider traffic, `shared/fixtures/` beside the repository (or SWITCHYARD_FIXTURES).
 * Looked up from the working directory upward, so tests run from any package folder.
 */
export function fixturesDir(): string {
  if (cachedDir) return cachedDir;
  const fromEnv = process.env.SWITCHYARD_FIXTURES;
  if (fromEnv && existsSync(fromEnv)) return (cachedDir = resolve(fromEnv));
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'shared', 'fixtures'), join(dir, '..', 'shared', 'fixtures')]) {
      if (existsSync(join(candidate, 'SOURCES.md'))) return (cachedDir = resolve(candidate));
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error('cannot find shared/fixtures beside the repository; set SWITCHYARD_FIXTURES to its path');
}

/** The specs folder beside the fixtures (`shared/specs/`). */
export function specsDir(): string {
  return join(dirname(fixturesDir()), 'specs');
}

/** A fixture file's exact bytes, by its path under shared/fixtures/ (e.g. 'openai/openai-node/chat.structured-output.json'). */
export function readFixture(path: string): Buffer {
  return readFileSync(join(fixturesDir(), path));
}

export function readFixtureText(path: string): string {
  return readFixture(path).toString('utf8');
}

export function readFixtureJson<T = unknown>(path: string): T {
  return JSON.parse(readFixtureText(path)) as T;
}

export interface CassetteInteraction {
  request: { method: string; uri: string; headers: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string | string[]>; body: Buffer; bodyExact: boolean; contentType: string | undefined };
}

interface CassetteMeta {
  description?: string;
  interactions: Array<{
    request: { method: string; uri: string; headers: Record<string, string>; body_file?: string };
    response: { status: number; headers: Record<string, string | string[]>; body_file?: string; body_exact?: boolean };
  }>;
}

/**
 * The interactions of a pydantic-ai cassette, by the path of its stem under shared/fixtures/
 * (e.g. 'openai/pydantic-ai/test_run_stream_sync_streams_real_model'), with each response body as recorded.
 */
export function readCassette(stem: string): CassetteInteraction[] {
  const meta = readFixtureJson<CassetteMeta>(`${stem}.meta.json`);
  const folder = dirname(stem);
  return meta.interactions.map((interaction) => {
    const contentType = interaction.response.headers['content-type'];
    return {
      request: {
        method: interaction.request.method,
        uri: interaction.request.uri,
        headers: interaction.request.headers,
        body: interaction.request.body_file ? readFixtureJson(join(folder, interaction.request.body_file)) : undefined,
      },
      response: {
        status: interaction.response.status,
        headers: interaction.response.headers,
        body: interaction.response.body_file ? readFixture(join(folder, interaction.response.body_file)) : Buffer.alloc(0),
        bodyExact: interaction.response.body_exact === true,
        contentType: Array.isArray(contentType) ? contentType[0] : contentType,
      },
    };
  });
}
