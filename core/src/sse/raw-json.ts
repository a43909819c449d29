const rawJsonKey = Symbol.for('switchyard.rawJson');

/**
 * Remembers the exact JSON text an object was parsed from. When nothing changed the object, core writes that text
 * instead of serialising again: the pass-through hot path does one parse and no stringify per chunk.
 */
export function attachRawJson<T extends object>(value: T, text: string): T {
  (value as Record<symbol, unknown>)[rawJsonKey] = text;
  return value;
}

export function rawJsonOf(value: object): string | undefined {
  return (value as Record<symbol, string | undefined>)[rawJsonKey];
}

/** Forgets the remembered text, for a value that is about to be changed. */
export function dropRawJson(value: object): void {
  delete (value as Record<symbol, unknown>)[rawJsonKey];
}

/** The JSON text of a value: its remembered text when it has one, else JSON.stringify. */
export function toJsonText(value: object): string {
  return rawJsonOf(value) ?? JSON.stringify(value);
}

const unparsedKey = Symbol.for('switchyard.unparsedChunk');
const usageKey = /"usage"\s*:\s*\{/;

/**
 * A stream chunk carried as the upstream's JSON text alone, for providers that pass OpenAI's format through. Core
 * parses it only when something reads it (a `transformChunk` tap, the in-process API, a usage object in the text);
 * the HTTP path writes the text as it came, so a pass-through stream costs no JSON.parse per chunk.
 */
export function rawChunk<T extends object>(text: string): T {
  return new RawChunk(text) as unknown as T;
}

// A class gives every raw chunk one hidden class; an object literal with computed symbol keys does not.
class RawChunk {
  constructor(text: string) {
    (this as unknown as Record<symbol, string>)[rawJsonKey] = text;
  }
}
(RawChunk.prototype as unknown as Record<symbol, boolean>)[unparsedKey] = true;

/** The chunk as an object: a raw chunk parsed (its text kept), any other returned as it is. */
export function materializeChunk<T extends object>(chunk: T): T {
  if ((chunk as Record<symbol, unknown>)[unparsedKey] !== true) return chunk;
  const text = rawJsonOf(chunk) as string;
  return attachRawJson(JSON.parse(text) as T, text);
}

/** Whether a raw chunk's text may hold a usage object; a parsed chunk always answers true. */
export function mayCarryUsage(chunk: object): boolean {
  if ((chunk as Record<symbol, unknown>)[unparsedKey] !== true) return true;
  return usageKey.test(rawJsonOf(chunk) as string);
}
