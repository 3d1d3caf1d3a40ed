import { describe, expect, it } from 'vitest';
import { InProcessFanoutHub } from '../../tests/support/in-process-fanout.ts';
import { waitFor } from '../../tests/support/sync-client.ts';
import { createAccessEvents, type AccessEvent, type AccessResync } from './access-events.ts';

describe('access events across instances', () => {
  it('reach every instance once, and a resync is dispatched locally when the relay comes back', async () => {
    const hub = new InProcessFanoutHub();
    const here = createAccessEvents(hub.instance('here'));
    const there = createAccessEvents(hub.instance('there'));
    const heardHere: (AccessEvent | AccessResync)[] = [];
    const heardThere: (AccessEvent | AccessResync)[] = [];
    here.subscribe((event) => heardHere.push(event));
    there.subscribe((event) => heardThere.push(event));

    here.emit({ type: 'memberChanged', projectId: 'p1', userId: 'u1' });
    await waitFor(() => heardThere.length === 1, 2000, 'the event at the other instance');
    expect(heardHere).toEqual([{ type: 'memberChanged', projectId: 'p1', userId: 'u1' }]);
    expect(heardThere).toEqual(heardHere);

    hub.recover();
    expect(heardHere.at(-1)).toEqual({ type: 'resync' });
    expect(heardThere.at(-1)).toEqual({ type: 'resync' });
    // Still once each: the resync is never relayed.
    await new Promise((resolve) => setImmediate(resolve));
    expect(heardHere).toHaveLength(2);
    expect(heardThere).toHaveLength(2);
  });
});
