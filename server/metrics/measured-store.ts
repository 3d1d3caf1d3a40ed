import type { DocumentStore } from '../persistence/document-store.ts';
import type { StoreMetrics } from './server-metrics.ts';

/**
 * `store` with its appends timed and counted into `metrics`; every other method is the store's
 * own. A Proxy rather than a copy of the methods, so that it wraps any store (an object literal or
 * a class instance) and keeps working as the store contract grows.
 */
export function measureAppends(store: DocumentStore, metrics: StoreMetrics): DocumentStore {
  const appendUpdates: DocumentStore['appendUpdates'] = async (room, updates, history) => {
    const started = performance.now();
    try {
      const last = await store.appendUpdates(room, updates, history);
      let bytes = 0;
      for (const update of updates) bytes += update.byteLength;
      metrics.observeAppend(updates.length, bytes, (performance.now() - started) / 1000);
      return last;
    } catch (error) {
      metrics.observeAppendFailure((performance.now() - started) / 1000);
      throw error;
    }
  };
  return new Proxy(store, {
    get(target, key) {
      if (key === 'appendUpdates') return appendUpdates;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
