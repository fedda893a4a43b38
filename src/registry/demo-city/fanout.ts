/**
 * One producer walking the city, several COPY streams consuming: each household is drawn once and its
 * rows go to the queue of every table. The producer pauses when any queue holds more than `highWater`
 * characters, so memory stays bounded by the slowest table's consumer, never by the city's size.
 * Chunks of 256 KB match the database layer's COPY batching, which then passes them on without joining.
 */
export interface FanOutSource {
  /** Produces some rows into `emit(table, text)`; returns false when the walk is over. */
  step(emit: (table: number, text: string) => void): boolean;
}

export interface FanOut {
  streams: AsyncIterable<string>[];
  /** Stops the walk and makes every stream throw: one failed COPY must not leave the others waiting. */
  abort(error: unknown): void;
}

export function fanOut(source: FanOutSource, tables: number, highWater = 1 << 20, chunk = 1 << 18): FanOut {
  const queues: string[][] = Array.from({ length: tables }, () => []);
  const queued = new Array<number>(tables).fill(0);
  const pending = new Array<string>(tables).fill('');
  const waiting: ((() => void) | null)[] = new Array(tables).fill(null);
  let resumeProducer: (() => void) | null = null;
  let done = false;
  let failure: unknown = null;
  let started = false;

  const wake = (i: number) => {
    const w = waiting[i];
    waiting[i] = null;
    w?.();
  };
  const emit = (table: number, text: string) => {
    pending[table] += text;
    if (pending[table].length >= chunk) {
      queues[table].push(pending[table]);
      queued[table] += pending[table].length;
      pending[table] = '';
      wake(table);
    }
  };
  const full = () => queued.some((q) => q > highWater);

  const abort = (error: unknown) => {
    failure ??= error;
    done = true;
    const resume = resumeProducer;
    resumeProducer = null;
    resume?.();
    for (let i = 0; i < tables; i++) wake(i);
  };

  const produce = async () => {
    try {
      for (let steps = 0; ; steps++) {
        if (failure || !source.step(emit)) break;
        if (full()) await new Promise<void>((resolve) => (resumeProducer = resolve));
        // Let the sockets drain now and then even when no queue is full yet.
        else if (steps % 64 === 63) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      for (let i = 0; i < tables; i++) {
        if (pending[i]) queues[i].push(pending[i]);
        pending[i] = '';
      }
    } catch (error) {
      failure = error;
    }
    done = true;
    for (let i = 0; i < tables; i++) wake(i);
  };

  const consumer = (i: number): AsyncIterable<string> => ({
    async *[Symbol.asyncIterator]() {
      if (!started) {
        started = true;
        void produce();
      }
      for (;;) {
        if (failure) throw failure;
        const text = queues[i].shift();
        if (text !== undefined) {
          queued[i] -= text.length;
          if (resumeProducer && !full()) {
            const resume = resumeProducer;
            resumeProducer = null;
            resume();
          }
          yield text;
          continue;
        }
        if (done) return;
        await new Promise<void>((resolve) => (waiting[i] = resolve));
      }
    },
  });
  return { streams: Array.from({ length: tables }, (_, i) => consumer(i)), abort };
}
