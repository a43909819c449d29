/**
 * An async iterator that can also hand over a result it already holds, with no promise. A stream's chunks mostly
 * arrive many to one upstream read, and every await between core's stages (decoding, the attempt's timeout, the
 * pipeline, the HTTP writer) costs a trip through the microtask queue per chunk. A stage that holds nothing says so,
 * and its reader awaits `next()` as usual.
 */
export interface ReadyIterator<T> extends AsyncIterableIterator<T> {
  /** The next result when it is at hand now; `undefined` when the caller must await `next()`. Never throws. */
  nextReady(): IteratorResult<T> | undefined;
}

/** The iterator's `nextReady`, bound, when it has one. */
export function readyReader<T>(iterator: AsyncIterator<T>): (() => IteratorResult<T> | undefined) | undefined {
  const nextReady = (iterator as Partial<ReadyIterator<T>>).nextReady;
  return typeof nextReady === 'function' ? nextReady.bind(iterator) : undefined;
}
