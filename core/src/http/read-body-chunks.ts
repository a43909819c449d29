import type { Readable } from 'node:stream';

/**
 * A body's chunks as an async iterator driven by plain stream events. Node's own Readable iterator costs about as much
 * per upstream call as decoding a whole SSE answer (measured ~10 µs), and this one is on every streamed request.
 * Back-pressure stays: the body is paused whenever a chunk waits unread, and resumed when it is taken.
 */
export function readBodyChunks(body: Readable): AsyncIterableIterator<Buffer> {
  const queue: Buffer[] = [];
  let ended = false;
  let failed = false;
  let failure: unknown;
  let waiter: { resolve: (result: IteratorResult<Buffer>) => void; reject: (error: unknown) => void } | undefined;

  const settle = () => {
    const current = waiter;
    if (current === undefined) return;
    if (queue.length > 0) {
      waiter = undefined;
      current.resolve({ done: false, value: queue.shift()! });
    } else if (failed) {
      waiter = undefined;
      current.reject(failure);
    } else if (ended) {
      waiter = undefined;
      current.resolve({ done: true, value: undefined });
    }
  };
  const detach = () => {
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('error', onError);
    body.off('close', onClose);
  };
  const onData = (chunk: Buffer) => {
    queue.push(chunk);
    if (waiter) settle();
    else body.pause();
  };
  const onEnd = () => {
    ended = true;
    detach();
    settle();
  };
  const onError = (error: unknown) => {
    failed = true;
    failure = error;
    detach();
    settle();
  };
  // A body destroyed without an error event would otherwise leave a waiting reader hanging forever.
  const onClose = () => {
    if (!ended && !failed) onError(new Error('the upstream body closed before its end'));
  };
  body.on('data', onData);
  body.on('end', onEnd);
  body.on('error', onError);
  body.on('close', onClose);

  const iterator: AsyncIterableIterator<Buffer> = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (queue.length > 0) return Promise.resolve({ done: false, value: queue.shift()! });
      if (failed) return Promise.reject(failure);
      if (ended) return Promise.resolve({ done: true, value: undefined });
      body.resume();
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },
    async return() {
      if (!ended && !failed) {
        detach();
        // Leaving early: the upstream connection is of no further use for this answer.
        body.destroy();
      }
      return { done: true, value: undefined };
    },
  };
  return iterator;
}
