/**
 * `next`, with every item that equals the item of the same key in `previous` replaced by that
 * earlier object. Svelte compares an `{#each}` item by identity: a row's runs and margin bars that
 * are rebuilt after a change update only where something really changed.
 *
 * @example
 * keepUnchanged([{ k: 1, v: 'a' }, { k: 2, v: 'c' }], [{ k: 1, v: 'a' }, { k: 2, v: 'b' }], (x) => x.k, (a, b) => a.v === b.v)
 * // [the earlier { k: 1, v: 'a' }, the new { k: 2, v: 'c' }]
 */
export function keepUnchanged<T, K>(next: readonly T[], previous: readonly T[], keyOf: (item: T) => K, equal: (a: T, b: T) => boolean): T[] {
  if (previous.length === 0) return [...next];
  const earlier = new Map(previous.map((item) => [keyOf(item), item]));
  return next.map((item) => {
    const before = earlier.get(keyOf(item));
    return before !== undefined && equal(item, before) ? before : item;
  });
}

/** Same length, and the same items (by identity) in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
