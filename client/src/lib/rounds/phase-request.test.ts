import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api-error.ts';
import { sendPhaseChange } from './phase-request.ts';
import { testRound } from './round-test-data.ts';

const answer = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

describe('moving a round on', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('resolves with the round, sending the CSRF token', async () => {
    const fetch = answer(200, testRound({ phase: 'compare' }));
    vi.stubGlobal('fetch', fetch);
    expect(await sendPhaseChange('/api/projects/p/rounds/r1/phase', { phase: 'compare' }, 'csrf')).toMatchObject({ kind: 'moved', round: { phase: 'compare' } });
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>)['x-csrf-token']).toBe('csrf');
    expect(JSON.parse(init.body as string)).toEqual({ phase: 'compare' });
  });

  it('answers a reveal refused for missing submissions with who is missing', async () => {
    vi.stubGlobal('fetch', answer(409, { error: { code: 'conflict', message: '1 layer(s) of this round are not submitted', missing: [{ documentId: 'd1', userId: 'ben' }] } }));
    expect(await sendPhaseChange('/x', { phase: 'compare' }, null)).toEqual({ kind: 'missingSubmissions', message: '1 layer(s) of this round are not submitted', missing: [{ documentId: 'd1', userId: 'ben' }] });
  });

  it('throws any other refusal as an ApiError with the server’s words', async () => {
    vi.stubGlobal('fetch', answer(409, { error: { code: 'conflict', message: 'The round is in blind: it can only move on to compare' } }));
    await expect(sendPhaseChange('/x', { phase: 'locked' }, null)).rejects.toMatchObject({ reason: 'conflict', message: 'The round is in blind: it can only move on to compare' });
    vi.stubGlobal('fetch', answer(403, { error: { code: 'forbidden', message: 'Owners only' } }));
    await expect(sendPhaseChange('/x', { phase: 'blind' }, null)).rejects.toBeInstanceOf(ApiError);
  });
});
