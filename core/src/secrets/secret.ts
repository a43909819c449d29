import { inspect } from 'node:util';

const hidden = new WeakMap<Secret, string>();

/**
 * A credential. It prints as `sk-…abcd` through String(), JSON.stringify and util.inspect, so a log line or an error
 * body that carries one by accident shows only its last four characters; `reveal()` is the one way to read it.
 */
export class Secret {
  constructor(value: string) {
    hidden.set(this, value);
  }
  reveal(): string {
    return hidden.get(this) as string;
  }
  toString(): string {
    return maskSecret(this.reveal());
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return `Secret(${this.toString()})`;
  }
}

/** `sk-proj-abcdef…` → `sk-…cdef`; short values show nothing. */
export function maskSecret(value: string): string {
  if (value.length < 12) return '…';
  const dash = value.indexOf('-');
  const head = dash > 0 && dash <= 4 ? value.slice(0, dash + 1) : '';
  return `${head}…${value.slice(-4)}`;
}
