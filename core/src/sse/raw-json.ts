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
