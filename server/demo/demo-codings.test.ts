import { describe, expect, it } from 'vitest';
import { codePalette } from '../../shared/model/codebook.ts';
import { createDemoCodebook, demoCodeDomain } from './demo-codebook.ts';
import { demoCodingPlan } from './demo-coding-plan.ts';
import { deriveCodings, demoCoders, locateQuote, type DemoCoding } from './demo-codings.ts';
import { demoTranscripts } from './demo-transcripts.ts';
import { isWordEnd, isWordStart, turnAt } from './turn-words.ts';

const codebook = createDemoCodebook({ createdBy: 'owner', createdAt: '2026-01-01T00:00:00.000Z' });
const [ana, ben] = demoCoders as [(typeof demoCoders)[number], (typeof demoCoders)[number]];
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;
const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

describe('demo transcripts', () => {
  it('are seventeen speaker-turn interviews of 700 to 1,200 words, one turn per paragraph', () => {
    expect(demoTranscripts.map((t) => t.participant)).toEqual(Array.from({ length: 17 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`));
    for (const t of demoTranscripts) {
      expect(t.role).not.toBe('');
      expect(t.pathway).not.toBe('');
      expect(wordCount(t.text)).toBeGreaterThanOrEqual(700);
      expect(wordCount(t.text)).toBeLessThanOrEqual(1200);
      for (const turn of t.text.split('\n\n')) expect(turn).toMatch(new RegExp(`^(Interviewer|${t.participant}): \\S[^\\n]*$`));
    }
  });
});

describe('demo codebook', () => {
  it('has a parent with three stage codes in order, and coloured, short-named codes in domains', () => {
    const stages = codebook.filter((c) => c.isStage).sort((a, b) => (a.stageOrder ?? 0) - (b.stageOrder ?? 0));
    expect(stages.map((c) => [c.name, c.stageOrder, c.parentId])).toEqual([
      ['Push', 1, 'support'],
      ['Pull', 2, 'support'],
      ['Co-creation', 3, 'support'],
    ]);
    expect(codebook.length).toBeGreaterThanOrEqual(12);
    expect(codebook.length).toBeLessThanOrEqual(16);
    expect(new Set(codebook.map((c) => c.id)).size).toBe(codebook.length);
    for (const code of codebook) {
      expect(code.shortName).toMatch(/^[A-Za-z]{2,4}$/);
      expect(codePalette).toContain(code.colour);
      expect(code.domain).toBeTruthy();
      expect(code.definition).not.toBe('');
      if (code.parentId !== null) expect(codebook.some((p) => p.id === code.parentId)).toBe(true);
    }
  });

  it('gives every code a colour of its own', () => {
    expect(new Set(codebook.map((c) => c.colour)).size).toBe(codebook.length);
  });

  it('quotes its examples verbatim from the transcripts', () => {
    for (const example of codebook.flatMap((c) => c.examples)) expect(demoTranscripts.some((t) => t.text.includes(example))).toBe(true);
  });
});

describe('demo coding plan', () => {
  it('names each passage by a quote found once, on whole words within one turn, with a leaf code', () => {
    const parents = new Set(codebook.map((c) => c.parentId));
    for (const t of demoTranscripts) {
      const passages = demoCodingPlan[t.participant]!;
      expect(passages.length).toBeGreaterThanOrEqual(12);
      for (const passage of passages) {
        const { start, end } = locateQuote(t.text, passage.quote);
        expect(isWordStart(t.text, start), passage.quote).toBe(true);
        expect(isWordEnd(t.text, end), passage.quote).toBe(true);
        expect(turnAt(t.text, start).end).toBeGreaterThanOrEqual(end);
        for (const id of [passage.codeId, passage.alternativeCodeId ?? passage.codeId]) {
          expect(codebook.some((c) => c.id === id)).toBe(true);
          expect(parents.has(id)).toBe(false);
        }
      }
    }
  });
});

describe('demo coders', () => {
  const derived = demoTranscripts.map((t) => ({ t, passages: demoCodingPlan[t.participant]!, a: deriveCodings(t.participant, t.text, demoCodingPlan[t.participant]!, ana), b: deriveCodings(t.participant, t.text, demoCodingPlan[t.participant]!, ben) }));

  it('are the same on every run', () => {
    const t = demoTranscripts[1]!;
    expect(deriveCodings(t.participant, t.text, demoCodingPlan[t.participant]!, ben)).toEqual(derived[1]!.b);
  });

  it('select whole words within one turn, and never the same text twice within a domain', () => {
    for (const { t, a, b } of derived) {
      for (const codings of [a, b]) {
        for (const c of codings) {
          expect(isWordStart(t.text, c.start)).toBe(true);
          expect(isWordEnd(t.text, c.end)).toBe(true);
          expect(t.text.slice(c.start, c.end)).not.toContain('\n');
        }
        for (const [i, x] of codings.entries()) {
          for (const y of codings.slice(i + 1)) if (demoCodeDomain(x.codeId) === demoCodeDomain(y.codeId)) expect(overlap(x, y)).toBe(0);
        }
      }
    }
  });

  it('agree on most passages and disagree on some: different codes, and passages only one of them coded', () => {
    const tally = { same: 0, differentCode: 0, onlyAna: 0, onlyBen: 0 };
    const covering = (codings: readonly DemoCoding[], quote: { start: number; end: number }) => codings.filter((c) => overlap(c, quote) * 2 >= quote.end - quote.start);
    for (const { t, passages, a, b } of derived) {
      for (const passage of passages) {
        const quote = locateQuote(t.text, passage.quote);
        const [byAna, byBen] = [covering(a, quote), covering(b, quote)];
        if (byAna.length > 0 && byBen.length > 0) {
          if (byAna.some((x) => byBen.some((y) => y.codeId === x.codeId))) tally.same++;
          else tally.differentCode++;
        } else if (byAna.length > 0) tally.onlyAna++;
        else if (byBen.length > 0) tally.onlyBen++;
      }
    }
    const coded = tally.same + tally.differentCode + tally.onlyAna + tally.onlyBen;
    expect(tally.same / coded).toBeGreaterThanOrEqual(0.5);
    expect(tally.same / coded).toBeLessThanOrEqual(0.85);
    expect(tally.differentCode).toBeGreaterThanOrEqual(3);
    expect(tally.onlyAna).toBeGreaterThanOrEqual(3);
    expect(tally.onlyBen).toBeGreaterThanOrEqual(3);
  });

  it('write memos on a few codings', () => {
    for (const codings of [derived.flatMap((d) => d.a), derived.flatMap((d) => d.b)]) {
      const memos = codings.filter((c) => c.memo !== '').length;
      expect(memos).toBeGreaterThanOrEqual(3);
      expect(memos).toBeLessThan(codings.length / 2);
    }
  });
});
