import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

/**
 * A bare `ws` client on `/sync/<room>`: sends any bytes (or text) as one frame and reports what
 * the server sends back and how it closed the socket. No y-websocket logic at all, so a test can
 * say things the stock provider never would.
 */
export interface RawSyncSocket {
  /** Sends one frame: binary for bytes, a text frame for a string. Ignored once closed. */
  send(data: Uint8Array | string): void;
  /** Calls `listener` with every binary frame the server sends from now on. Returns an unsubscribe. */
  onFrame(listener: (frame: Uint8Array) => void): () => void;
  /** The first server frame `matches` accepts, or the close, or a timeout: whichever comes first. */
  waitFor(matches: (frame: Uint8Array) => boolean, timeoutMs: number): Promise<RawOutcome>;
  /** Resolves with the close code and reason, however the socket closed. */
  readonly closed: Promise<CloseInfo>;
  readonly closeInfo: CloseInfo | null;
  /** Text frames from the server (the protocol has none). */
  readonly textFrames: readonly string[];
  /** Closes from our side (1000) and waits; terminates if the server does not answer in time. */
  close(): Promise<CloseInfo>;
  /** Stops reading from the network (a client that stalls): the server's frames back up. */
  pause(): void;
  /** Reads again, starting with whatever the server queued meanwhile. */
  resume(): void;
}

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

export type RawOutcome =
  | { readonly kind: 'frame'; readonly frame: Uint8Array }
  | { readonly kind: 'closed'; readonly close: CloseInfo }
  | { readonly kind: 'timeout' };

export interface RawSyncSocketOptions {
  /** Sent as `?token=`, the way browsers authenticate websockets. */
  readonly token?: string | null;
  /** More query parameters, e.g. `{ notices: '1' }`. */
  readonly query?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Sees every binary frame, including those that arrive together with the upgrade response. */
  readonly onFrame?: (frame: Uint8Array) => void;
}

export async function openRawSyncSocket(syncUrl: string, room: string, options: RawSyncSocketOptions = {}): Promise<RawSyncSocket> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const params = new URLSearchParams({ ...(options.token && { token: options.token }), ...options.query });
  const query = params.size > 0 ? `?${params}` : '';
  const ws = new WebSocket(`${syncUrl}/${room}${query}`);
  const listeners = new Set<(frame: Uint8Array) => void>(options.onFrame ? [options.onFrame] : []);
  const textFrames: string[] = [];
  let closeInfo: CloseInfo | null = null;
  const closed = new Promise<CloseInfo>((resolve) => {
    ws.on('close', (code, reason) => {
      closeInfo = { code, reason: reason.toString() };
      resolve(closeInfo);
    });
  });
  // A reset connection is reported as an error and then as close 1006; the close is what counts,
  // and an error without a listener would crash the test process.
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (!isBinary) {
      textFrames.push(bytes.toString('utf8'));
      return;
    }
    const frame = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const listener of [...listeners]) listener(frame);
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`websocket to room ${room} did not open in ${timeoutMs} ms`)), timeoutMs);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    void closed.then((info) => {
      clearTimeout(timer);
      reject(new Error(`websocket to room ${room} closed before opening: ${info.code} ${info.reason}`));
    });
  });

  const onFrame = (listener: (frame: Uint8Array) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };

  return {
    send(data) {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(data, { binary: typeof data !== 'string' });
    },
    onFrame,
    waitFor(matches, waitMs) {
      return new Promise<RawOutcome>((resolve) => {
        if (closeInfo) return resolve({ kind: 'closed', close: closeInfo });
        const done = (outcome: RawOutcome) => {
          clearTimeout(timer);
          unsubscribe();
          resolve(outcome);
        };
        const timer = setTimeout(() => done({ kind: 'timeout' }), waitMs);
        const unsubscribe = onFrame((frame) => {
          if (matches(frame)) done({ kind: 'frame', frame });
        });
        void closed.then((close) => done({ kind: 'closed', close }));
      });
    },
    closed,
    get closeInfo() {
      return closeInfo;
    },
    textFrames,
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    async close() {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      const timer = setTimeout(() => ws.terminate(), 2000);
      const info = await closed;
      clearTimeout(timer);
      return info;
    },
  };
}

/** A frame the server sent, decoded strictly. */
export type ServerFrame =
  | { readonly kind: 'syncStep1'; readonly stateVector: Map<number, number> }
  | { readonly kind: 'syncStep2' | 'update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness'; readonly entries: readonly { clientId: number; clock: number; state: unknown }[] }
  | { readonly kind: 'permissionDenied'; readonly reason: string }
  | { readonly kind: 'notice'; readonly notice: unknown };

/**
 * Decodes a server frame the way a strict client would, throwing on anything the stock provider
 * could not process: unknown types, truncation, trailing bytes, undecodable updates. The server
 * must never relay what it refused, so every frame it sends has to pass.
 */
export function readServerFrame(frame: Uint8Array): ServerFrame {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  let result: ServerFrame;
  if (type === 0) {
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (syncType === 0) result = { kind: 'syncStep1', stateVector: Y.decodeStateVector(payload) };
    else if (syncType === 1 || syncType === 2) {
      // Decoding the whole update (structs and delete set) is the check; the value is not needed.
      Y.decodeUpdate(payload);
      result = { kind: syncType === 1 ? 'syncStep2' : 'update', update: payload };
    } else throw new Error(`unknown sync message type ${syncType}`);
  } else if (type === 1) {
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(update);
    const entries: { clientId: number; clock: number; state: unknown }[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(update);
      const clock = decoding.readVarUint(update);
      entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(update)) as unknown });
    }
    if (decoding.hasContent(update)) throw new Error('trailing bytes in awareness update');
    result = { kind: 'awareness', entries };
  } else if (type === 2) {
    // y-protocols/auth: 0 is "permission denied" with a reason, the only auth message there is.
    const authType = decoding.readVarUint(decoder);
    if (authType !== 0) throw new Error(`unknown auth message type ${authType}`);
    result = { kind: 'permissionDenied', reason: decoding.readVarString(decoder) };
  } else if (type === 4) {
    // Accord's notice: a JSON object, sent only to sockets that asked (`?notices=1`).
    result = { kind: 'notice', notice: JSON.parse(decoding.readVarString(decoder)) as unknown };
  } else throw new Error(`unknown message type ${type}`);
  if (decoding.hasContent(decoder)) throw new Error(`trailing bytes after ${result.kind}`);
  return result;
}
