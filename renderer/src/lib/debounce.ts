// Debounce per key: many events in a burst become one re-fetch.

export interface Debounced<K> {
  (key: K): void;
  cancel(): void;
}

export function debounceByKey<K>(fn: (key: K) => void, ms: number): Debounced<K> {
  const timers = new Map<K, ReturnType<typeof setTimeout>>();
  const d = ((key: K) => {
    const t = timers.get(key);
    if (t !== undefined) clearTimeout(t);
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        fn(key);
      }, ms),
    );
  }) as Debounced<K>;
  d.cancel = () => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  };
  return d;
}
