import { runColdLoad } from './cold-load.ts';
import { runKillCycles } from './kill-cycles.ts';
import { runLiveEditing } from './live-editing.ts';
import type { Figures } from './metrics.ts';
import type { RunContext } from './run-context.ts';

export interface Scenario {
  /** What `--scenarios` names it by. */
  readonly name: string;
  readonly title: string;
  run(context: RunContext): Promise<Figures>;
}

/**
 * The load each scenario offers is fixed, not "as fast as possible": all three servers get the same
 * edits at the same moments, and the rates keep the clients (on the same 2 cores) from being what
 * is measured. 1 × 200 edits more slowly because every edit there is 199 deliveries.
 */
export const scenarios: readonly Scenario[] = [
  {
    name: '1x50',
    title: '1 room × 50 clients, 2 edits/s each (100 updates/s, 4,900 deliveries/s offered)',
    run: (context) => runLiveEditing(context, { rooms: 1, clientsPerRoom: 50, editsPerSecond: 2 }),
  },
  {
    name: '1x200',
    title: '1 room × 200 clients, 0.25 edits/s each (50 updates/s, 9,950 deliveries/s offered)',
    run: (context) => runLiveEditing(context, { rooms: 1, clientsPerRoom: 200, editsPerSecond: 0.25 }),
  },
  {
    name: '20x10',
    title: '20 rooms × 10 clients, 2 edits/s each (400 updates/s, 3,600 deliveries/s offered)',
    run: (context) => runLiveEditing(context, { rooms: 20, clientsPerRoom: 10, editsPerSecond: 2 }),
  },
  {
    name: 'cold50',
    title: 'cold load: 50 clients at once on a document only in storage (transcript + 500 small updates), after a restart',
    run: (context) => runColdLoad(context, { clients: 50, seedKeys: 500 }),
  },
  {
    name: 'kill9',
    title: 'kill -9 cycles: 4 writers × 25 edits/s, killed after 0.6–1.4 s, 5 fresh clients check after the restart',
    run: (context) => runKillCycles(context, { writers: 4, editsPerSecond: 25, checkers: 5 }),
  },
];
