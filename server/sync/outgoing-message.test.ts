import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import { MessageType } from '../../shared/protocol/index.ts';
import { writeAwareness, writeSyncStep1, writeSyncStep2, writeUpdate } from './outgoing-message.ts';

/** The frame lib0's encoder writes (as y-protocols and the stock provider do): the reference. */
function reference(type: number, syncType: number | null, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  if (syncType !== null) encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Byte equality, fast for megabytes (vitest's deep equality walks every element). */
const hex = (bytes: Uint8Array) => `${bytes.byteLength} bytes, starting ${Buffer.from(bytes).subarray(0, 8).toString('hex')}…`;
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (!Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))) {
    expect(hex(actual)).toBe(hex(expected));
    expect.fail('the frames differ');
  }
}

// Lengths on each side of every var-uint byte boundary, up to a transcript's megabytes.
const lengths = [0, 1, 127, 128, 129, 16_383, 16_384, 2_097_151, 2_097_152, 3_000_000];
const payload = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + length) % 251);

describe('outgoing frames', () => {
  it.each(lengths)('are byte for byte what lib0 writes, for a %i-byte payload', (length) => {
    const bytes = payload(length);
    expectSameBytes(writeSyncStep1(bytes), reference(MessageType.sync, syncProtocol.messageYjsSyncStep1, bytes));
    expectSameBytes(writeSyncStep2(bytes), reference(MessageType.sync, syncProtocol.messageYjsSyncStep2, bytes));
    expectSameBytes(writeUpdate(bytes), reference(MessageType.sync, syncProtocol.messageYjsUpdate, bytes));
    expectSameBytes(writeAwareness(bytes), reference(MessageType.awareness, null, bytes));
  });

  it('are sized exactly: the payload ends the frame, read back whole', () => {
    const bytes = payload(200_000);
    const frame = writeUpdate(bytes);
    const decoder = decoding.createDecoder(frame);
    expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([MessageType.sync, syncProtocol.messageYjsUpdate]);
    expectSameBytes(decoding.readVarUint8Array(decoder), bytes);
    expect(decoding.hasContent(decoder)).toBe(false);
    expect(frame.buffer.byteLength).toBe(frame.byteLength);
  });
});
