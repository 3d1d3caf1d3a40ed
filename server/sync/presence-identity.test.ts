import { describe, expect, it } from 'vitest';
import { stampIdentity } from './presence-identity.ts';

const mallory = { id: 'u2', name: 'Mallory' };

describe('stampIdentity', () => {
  it('replaces a claimed identity by the socket’s and keeps the rest of the state', () => {
    const stamped = JSON.parse(stampIdentity('{"user":{"id":"owner","name":"Alice","colour":"#E69F00"},"selection":{"start":"a","end":"b"}}', mallory));
    expect(stamped).toEqual({ user: { id: 'u2', name: 'Mallory', colour: '#E69F00' }, selection: { start: 'a', end: 'b' } });
  });
  it('adds the identity to a state without one and drops fields of user other than a valid colour', () => {
    expect(JSON.parse(stampIdentity('{"cursor":3}', mallory))).toEqual({ cursor: 3, user: { id: 'u2', name: 'Mallory' } });
    expect(JSON.parse(stampIdentity('{"user":{"colour":"red;background:url(x)","avatar":"https://x"}}', mallory))).toEqual({ user: { id: 'u2', name: 'Mallory' } });
  });
  it('leaves states that are not objects alone', () => {
    for (const json of ['null', '3', '"Alice"', '[1,2]']) expect(stampIdentity(json, mallory)).toBe(json);
  });
});
