import { createHash } from 'node:crypto';

/*
 * Mistral refuses any tool call id that is not exactly nine characters of [a-zA-Z0-9] ("Tool call id was call_… but
 * must be a-z, A-Z, 0-9, with a length of 9", a 400 invalid_function_call). Clients that began a conversation with
 * OpenAI or another provider send ids like `call_abc…` or `toolu_…`, so every id in a request is rewritten:
 *
 * - an id that already fits (Mistral's own, sent back) is kept as it is;
 * - any other id becomes the first nine base-62 digits of the SHA-256 of the id, so the same id always maps the same
 *   way: in an assistant message's tool_calls, in the tool message answering it, and in the next request too;
 * - if two different ids of one request would map to the same nine characters (or onto an id that is kept), the later
 *   one is hashed again with a counter (`<id>#1`, `<id>#2`, …) until it is free. Ids are taken in the order they first
 *   appear, so this too is deterministic.
 *
 * Ids Mistral answers with are already valid and pass back to the client unchanged; nothing maps them back.
 * @see https://github.com/mistralai/mistral-common (validator: tool call ids are alphanumeric with a length of 9)
 */

const validMistralId = /^[a-zA-Z0-9]{9}$/;
const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Whether Mistral accepts `id` as a tool call id as it is. */
export function isMistralToolCallId(id: string): boolean {
  return validMistralId.test(id);
}

/** The nine-character id a client id maps to when nothing in its request collides with it. */
export function hashMistralToolCallId(id: string): string {
  const digest = createHash('sha256').update(id, 'utf8').digest();
  // 62^9 < 2^64: the first eight bytes as one number, written in base 62, give nine digits with no bias worth naming.
  let number = digest.readBigUInt64BE(0) % 62n ** 9n;
  let out = '';
  for (let digit = 0; digit < 9; digit++) {
    out = base62[Number(number % 62n)] + out;
    number /= 62n;
  }
  return out;
}

/**
 * The rewriting of every tool call id of one request: `ids` in the order they appear (duplicates allowed). Returns a
 * lookup from client id to Mistral id.
 */
export function mapMistralToolCallIds(ids: Iterable<string>): ReadonlyMap<string, string> {
  const distinct = [...new Set(ids)];
  const mapping = new Map<string, string>();
  const taken = new Set<string>();
  // Ids that already fit are kept first, so a hashed id can never take the place of one of them.
  for (const id of distinct) {
    if (isMistralToolCallId(id)) {
      mapping.set(id, id);
      taken.add(id);
    }
  }
  for (const id of distinct) {
    if (mapping.has(id)) continue;
    let candidate = hashMistralToolCallId(id);
    for (let attempt = 1; taken.has(candidate); attempt++) candidate = hashMistralToolCallId(`${id}#${attempt}`);
    mapping.set(id, candidate);
    taken.add(candidate);
  }
  return mapping;
}
