/** Drops the oldest entries of a Map (insertion order) until `keep` remain: the runs a dashboard still shows. */
export function keepNewest<K, V>(map: Map<K, V>, keep: number): void {
  for (const key of map.keys()) {
    if (map.size <= keep) return;
    map.delete(key);
  }
}
