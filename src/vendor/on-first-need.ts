/**
 * A library loaded on first need rather than at every start: callers await `load()`, then the
 * synchronous code that uses it calls `get()`, which fails loudly (never as the library's own
 * error, which a caller might tolerate) when nothing loaded it.
 */
export function loadedOnFirstNeed<T>(
  name: string,
  importer: () => Promise<T>,
): { load(): Promise<void>; get(): T } {
  let library: T | undefined;
  return {
    load: async () => {
      library ??= await importer();
    },
    get: () => {
      if (library === undefined) throw new Error(`${name} is used before it was loaded`);
      return library;
    },
  };
}
