/** A lazily created value: `make` runs on the first call, later calls share its promise. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= make());
}
