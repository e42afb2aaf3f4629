// ---------------------------------------------------------------------------
// Code the executor loads the first time a run needs it (a dynamic import, a chunk of
// its own in a page): the pattern engine, the address tables.
// ---------------------------------------------------------------------------

/**
 * `load`, called once and its result kept. A failed load is not kept, so the next call
 * asks again; a browser keeps a module it failed to fetch for the page's life, so there
 * it is the next page load that fetches it again.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
