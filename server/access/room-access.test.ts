import { describe, expect, it } from 'vitest';
import { parseRoomName } from '../../shared/protocol/index.ts';
import type { DocumentRoundState } from '../../shared/model/round.ts';
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

  describe('in a round', () => {
    const round = (phase: DocumentRoundState['phase'], extra: Partial<DocumentRoundState> = {}): DocumentRoundState => ({
      roundId: 'r', phase, allowPostHocEdits: false, submittedUserIds: new Set(), reopenedUserIds: new Set(), ...extra,
    });

    it('hides other layers and the consensus while the round is blind, in an open project too', () => {
      expect(decideRoomAccess(room('layer:p:d:a'), coderB, open, round('blind'))).toEqual({ read: false, write: false });
      expect(decideRoomAccess(room('layer:p:d:a'), viewer, open, round('blind'))).toEqual({ read: false, write: false });
      expect(decideRoomAccess(room('consensus:p:d'), coderA, open, round('blind')).read).toBe(false);
      expect(decideRoomAccess(room('consensus:p:d'), owner, open, round('blind')).read).toBe(true);
      expect(decideRoomAccess(room('layer:p:d:a'), owner, open, round('blind'))).toEqual({ read: true, write: false });
    });

    it('freezes a submitted layer until its coder re-opens it', () => {
      expect(decideRoomAccess(room('layer:p:d:a'), coderA, open, round('blind'))).toEqual({ read: true, write: true });
      expect(decideRoomAccess(room('layer:p:d:a'), coderA, open, round('blind', { submittedUserIds: new Set(['a']) }))).toEqual({ read: true, write: false });
      expect(decideRoomAccess(room('layer:p:d:b'), coderB, open, round('blind', { submittedUserIds: new Set(['a']) }))).toEqual({ read: true, write: true });
    });

    it('reveals every layer from compare on, read-only unless post-hoc edits are allowed or an owner re-opened it', () => {
      for (const phase of ['compare', 'reconcile', 'locked'] as const) {
        expect(decideRoomAccess(room('layer:p:d:a'), coderB, blind, round(phase))).toEqual({ read: true, write: false });
        expect(decideRoomAccess(room('layer:p:d:a'), viewer, blind, round(phase)).read).toBe(true);
        expect(decideRoomAccess(room('consensus:p:d'), coderB, blind, round(phase)).read).toBe(true);
        expect(decideRoomAccess(room('layer:p:d:a'), coderA, open, round(phase)).write).toBe(false);
      }
      for (const phase of ['compare', 'reconcile'] as const) {
        expect(decideRoomAccess(room('layer:p:d:a'), coderA, open, round(phase, { allowPostHocEdits: true })).write).toBe(true);
        expect(decideRoomAccess(room('layer:p:d:a'), coderA, open, round(phase, { reopenedUserIds: new Set(['a']) })).write).toBe(true);
      }
      // Locked is final, whatever the round allowed.
      expect(decideRoomAccess(room('layer:p:d:a'), coderA, open, round('locked', { allowPostHocEdits: true, reopenedUserIds: new Set(['a']) })).write).toBe(false);
    });

    it('lets owners correct the transcript in every phase but locked', () => {
      for (const phase of ['blind', 'compare', 'reconcile'] as const) {
        expect(decideRoomAccess(room('text:p:d'), owner, open, round(phase))).toEqual({ read: true, write: true });
      }
      expect(decideRoomAccess(room('text:p:d'), owner, open, round('locked'))).toEqual({ read: true, write: false });
      expect(decideRoomAccess(room('text:p:d'), coderA, open, round('locked')).read).toBe(true);
    });
  });
});
