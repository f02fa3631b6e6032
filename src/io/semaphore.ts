/** Bounding the requests in flight. */

/** A counting semaphore: `limit(fn)` runs fn when a slot is free; `acquire()` hands the slot out. */
export function semaphore(size: number) {
  let free = Math.max(1, size);
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<() => void> => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      if (next !== undefined) next();
      else free++;
    };
  };
  const limit = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = await acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  };
  return Object.assign(limit, { acquire });
}
