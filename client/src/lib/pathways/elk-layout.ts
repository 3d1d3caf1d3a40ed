import ELK from 'elkjs/lib/elk-api.js';
import type { ElkGraph } from '../../../../shared/pathways/export/elk.ts';
import { mapSpacing, type LaidOutGraph } from './map-geometry.ts';

/** Lays out the map's ELK input; a fake in tests, elkjs in a Web Worker in the browser. */
export interface LayoutEngine {
  layout(input: ElkGraph): Promise<LaidOutGraph>;
  destroy(): void;
}

/**
 * elkjs in a Web Worker (spec §2.7), so a large layout never blocks the page. The worker is started
 * on the first layout and ended with `destroy()`. ELK writes positions into the graph it is given,
 * so it gets a copy.
 */
export function createElkLayout(): LayoutEngine {
  let elk: InstanceType<typeof ELK> | null = null;
  return {
    layout(input) {
      elk ??= new ELK({ workerFactory: () => new Worker(new URL('./elk.worker.ts', import.meta.url)) });
      const { scope: _scope, ...graph } = input; // provenance is for saved files, not the layout
      return elk.layout(structuredClone({ ...graph, layoutOptions: { ...graph.layoutOptions, ...mapSpacing } }) as never) as Promise<LaidOutGraph>;
    },
    destroy() {
      elk?.terminateWorker();
      elk = null;
    },
  };
}
