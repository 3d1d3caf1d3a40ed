import { describe, expect, it } from 'vitest';
import { parseRoomName } from '../../shared/protocol/index.ts';
import { decideRoomAccess, type RoomActor } from './room-access.ts';

const room = (name: string) => parseRoomName(name)!;
const owner: RoomActor = { kind: 'member', userId: 'o', role: 'owner' };
const coderA: RoomActor = { kind: 'member', userId: 'a', role: 'coder' };
const coderB: RoomActor = { kind: 'member', userId: 'b', role: 'coder' };
const viewer: RoomActor = { kind: 'member', userId: 'v', role: 'viewer' };
const admin: RoomActor = { kind: 'admin' };
const open = { codingMode: 'open', codersEditCodebook: true } as const;
const blind = { codingMode: 'blind', codersEditCodebook: false } as const;

describe('room access policy', () => {
  it('lets nobody who is not a member read or write anything', () => {
    for (const name of ['project:p', 'text:p:d', 'layer:p:d:a', 'consensus:p:d']) {
      expect(decideRoomAccess(room(name), null, open)).toEqual({ read: false, write: false });
    }
  });

  it('gives a coder their own layer, others’ layers read-only in open mode, and none in blind mode', () => {
    expect(decideRoomAccess(room('layer:p:d:a'), coderA, blind)).toEqual({ read: true, write: true });
    expect(decideRoomAccess(room('layer:p:d:a'), coderB, open)).toEqual({ read: true, write: false });
    expect(decideRoomAccess(room('layer:p:d:a'), coderB, blind)).toEqual({ read: false, write: false });
    expect(decideRoomAccess(room('layer:p:d:a'), viewer, blind)).toEqual({ read: false, write: false });
  });

  it('lets owners (and the admin token) read every layer, write text and codebook, but never someone else’s layer', () => {
    for (const actor of [owner, admin]) {
      expect(decideRoomAccess(room('layer:p:d:a'), actor, blind)).toEqual({ read: true, write: false });
      expect(decideRoomAccess(room('text:p:d'), actor, blind)).toEqual({ read: true, write: true });
      expect(decideRoomAccess(room('project:p'), actor, blind)).toEqual({ read: true, write: true });
    }
  });

  it('lets coders edit the codebook only while the project allows it', () => {
    expect(decideRoomAccess(room('project:p'), coderA, open).write).toBe(true);
    expect(decideRoomAccess(room('project:p'), coderA, blind).write).toBe(false);
  });

  it('never lets a viewer write, and nobody writes consensus over the socket', () => {
    for (const name of ['project:p', 'text:p:d', 'layer:p:d:v', 'consensus:p:d']) {
      expect(decideRoomAccess(room(name), viewer, open).write).toBe(false);
      expect(decideRoomAccess(room('consensus:p:d'), owner, open).write).toBe(false);
    }
  });
});
