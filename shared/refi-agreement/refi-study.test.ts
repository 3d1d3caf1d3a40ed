import { describe, expect, it } from 'vitest';
import { interviewText, sampleProject, secondText } from '../../tests/fixtures/refi/refi-fixtures.ts';
import { buildAgreementReport } from '../agreement/index.ts';
import { importTranscript } from '../import/index.ts';
import { readQdpx, refiGuid, writeQdpx, type RefiProject, type RefiSelection, type RefiTextSource } from '../refi/index.ts';
import { refiAgreementStudy, unnamedCoderId } from './refi-study.ts';

const project = sampleProject();
const users = Object.fromEntries(project.users.map((u) => [u.id, u.guid])) as Record<'u_ana' | 'u_ben' | 'u_chen' | 'consensus', string>;
const p07 = project.sources[0]!;
const p12 = project.sources[1]!;

/** The sample with one source's selections replaced. */
function withSelections(source: RefiTextSource, selections: RefiSelection[]): RefiProject {
  return { ...project, sources: project.sources.map((s) => (s.guid === source.guid ? { ...s, selections } : s)) };
}

/** A selection of `phrase` by `user` (code points, as the file holds them). */
function selectionOf(text: string, phrase: string, codeGuid: string, user: string | null, key: string): RefiSelection {
  const from = Array.from(text.slice(0, text.indexOf(phrase))).length;
  return {
    guid: refiGuid('selection', key),
    name: null,
    start: from,
    end: from + Array.from(phrase).length,
    creatingUser: user,
    creationDateTime: null,
    modifyingUser: null,
    modifiedDateTime: null,
    description: null,
    codings: [{ guid: refiGuid('coding', key), codeGuid, creatingUser: user, creationDateTime: null, noteGuids: [] }],
    noteGuids: [],
  };
}

const pushGuid = refiGuid('code', 'push');

describe('refiAgreementStudy', () => {
  it('places every coding at its UTF-16 offsets, after emoji and inside emoji sequences', () => {
    const { study, names } = refiAgreementStudy(project);
    const texts = new Map([[p07.guid, interviewText], [p12.guid, secondText]]);
    const passages = study.codings.map((c) => `${names.coders[c.coderId]} | ${names.codes[c.codeId]} | ${texts.get(c.documentId)!.slice(c.start, c.end)}`);
    expect(passages.sort()).toEqual(
      [
        'Ana Müller | Push | It was pushed on us, honestly 😤',
        'Ben "B" O’Neil | Push | pushed on us',
        'Chen <Wei> & co | Push | x\u0301 rollout',
        'Ana Müller | Pull | We pulled what we needed 👩‍👩‍👧',
        'Ben "B" O’Neil | Co-creation | co-created the rest 🇳🇱',
        'Chen <Wei> & co | Co-creation | naïve, maybe 👍🏽',
        'Ana Müller | Frustration | honestly 😤',
        'Ben "B" O’Neil | Pull | ठीक है moment',
        'Chen <Wei> & co | Frustration | came late. 🙂',
      ].sort(),
    );
    // The 📦 before it is one code point in the file and two UTF-16 units here.
    const honestly = study.codings.find((c) => c.codeId === refiGuid('code', 'frustration') && c.documentId === p07.guid)!;
    expect(honestly.start).toBe(interviewText.indexOf('honestly 😤'));
    expect(honestly.end - honestly.start).toBe('honestly 😤'.length);
    expect(p07.selections.find((s) => s.guid === refiGuid('selection', 'a3'))!.start).toBe(honestly.start - 1);
  });

  it('gives documents their UTF-16 length, every code of the tree with its domain, and the names behind the GUIDs', () => {
    const { study, names } = refiAgreementStudy(project);
    expect(study.documents).toEqual([
      { id: p07.guid, length: interviewText.length },
      { id: p12.guid, length: secondText.length },
    ]);
    expect(study.codes.map((c) => [names.codes[c.id], c.domain])).toEqual([
      ['Stages', null],
      ['Push', null],
      ['Pull', null],
      ['Co-creation', null],
      ['Emotion ✨', null],
      ['Frustration', 'affect'],
    ]);
    expect(names.documents).toEqual({ [p07.guid]: 'P07 – interview.txt', [p12.guid]: 'P12' });
  });

  it('leaves the consensus out and counts it, or compares it as one more coder when asked', () => {
    const without = refiAgreementStudy(project);
    expect(without.study.coders.map((c) => c.id)).toEqual([users.u_ana, users.u_ben, users.u_chen]);
    expect(without.leftOut).toEqual({ unknownCode: 0, outsideText: 0, consensus: 1 });
    expect(without.study.codings.some((c) => c.coderId === users.consensus)).toBe(false);

    const withIt = refiAgreementStudy(project, { withConsensus: true });
    expect(withIt.study.coders.map((c) => c.name)).toEqual(['Ana Müller', 'Ben "B" O’Neil', 'Chen <Wei> & co', 'Consensus']);
    expect(withIt.leftOut.consensus).toBe(0);
    expect(withIt.study.codings.filter((c) => c.coderId === users.consensus)).toEqual([
      { documentId: p07.guid, coderId: users.consensus, codeId: pushGuid, start: interviewText.indexOf('It was pushed'), end: interviewText.indexOf('It was pushed') + 'It was pushed on us, honestly 😤'.length },
    ]);
  });

  it('leaves out and counts a coding of an unknown code, and one outside its text; its coder still counts', () => {
    const ghost = selectionOf(interviewText, 'the kit', refiGuid('code', 'ghost'), users.u_ana, 'ghost');
    const tooFar: RefiSelection = { ...selectionOf(interviewText, 'naïve', pushGuid, users.u_ben, 'far'), end: Array.from(interviewText).length + 1 };
    const lone = selectionOf(secondText, 'Anything else', refiGuid('code', 'ghost'), users.u_chen, 'lone');
    const model = { ...project, sources: [{ ...p07, selections: [ghost, tooFar] }, { ...p12, selections: [lone] }] };
    const { study, leftOut } = refiAgreementStudy(model);
    expect(study.codings).toEqual([]);
    expect(leftOut).toEqual({ unknownCode: 2, outsideText: 1, consensus: 0 });
    // As on the dashboard: someone who coded is a coder even when none of it can be compared.
    expect(study.coders.map((c) => c.id)).toEqual([users.u_ana, users.u_ben, users.u_chen]);
  });

  it('gives codings that name no user to one unnamed coder, named after the file’s origin', () => {
    const model = withSelections(p12, [selectionOf(secondText, 'ठीक है', pushGuid, null, 'n1'), selectionOf(secondText, 'came late', pushGuid, null, 'n2')]);
    const { study, names } = refiAgreementStudy(model);
    expect(study.coders.at(-1)).toEqual({ id: unnamedCoderId, name: 'Unnamed coder (Accord 0.1.0)' });
    expect(study.codings.filter((c) => c.coderId === unnamedCoderId).map((c) => secondText.slice(c.start, c.end))).toEqual(['ठीक है', 'came late']);
    expect(names.coders[unnamedCoderId]).toBe('Unnamed coder (Accord 0.1.0)');
  });

  it('leaves out a user who coded nothing', () => {
    const model = withSelections(p12, []);
    // Ben coded in P07 too, so he stays; a listed user with no coding anywhere does not.
    const idle = { ...model, users: [...model.users, { guid: refiGuid('user', 'idle'), name: 'Idle', id: 'u_idle' }] };
    expect(refiAgreementStudy(idle).study.coders.map((c) => c.name)).toEqual(['Ana Müller', 'Ben "B" O’Neil', 'Chen <Wei> & co']);
  });

  it('cuts documents into the units a .txt import gives, and says which it cannot', () => {
    const odd: RefiTextSource = { ...p12, guid: refiGuid('document', 'odd'), name: 'Odd', text: 'trailing spaces   ', selections: [] };
    const { unitRanges, documentsWithoutUnits } = refiAgreementStudy({ ...project, sources: [...project.sources, odd] }, { units: true });
    const expected = importTranscript({ name: 'P07.txt', bytes: new TextEncoder().encode(interviewText) }).units.map((u) => [u.start, u.end]);
    expect(unitRanges![p07.guid]).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
    expect(unitRanges![odd.guid]).toEqual([]);
    expect(documentsWithoutUnits).toEqual(['Odd']);
    expect(refiAgreementStudy(project).unitRanges).toBeNull();
  });

  it('gives the report of the same study written by hand, read back from a .qdpx', () => {
    const read = readQdpx(writeQdpx(project), { fileName: 'sample.qdpx' }).project;
    const { study } = refiAgreementStudy(read);
    const at = (text: string, phrase: string): [number, number] => [text.indexOf(phrase), text.indexOf(phrase) + phrase.length];
    const coding = (documentId: string, coderId: string, code: string, [start, end]: [number, number]) => ({ documentId, coderId, codeId: refiGuid('code', code), start, end });
    const byHand = {
      documents: [{ id: p07.guid, length: interviewText.length }, { id: p12.guid, length: secondText.length }],
      coders: [{ id: users.u_ana }, { id: users.u_ben }, { id: users.u_chen }],
      codes: ['stages', 'push', 'pull', 'cocreate', 'emotion', 'frustration'].map((k) => ({ id: refiGuid('code', k), domain: k === 'frustration' ? 'affect' : null })),
      codings: [
        coding(p07.guid, users.u_ana, 'push', at(interviewText, 'It was pushed on us, honestly 😤')),
        coding(p07.guid, users.u_ben, 'push', at(interviewText, 'pushed on us')),
        coding(p07.guid, users.u_chen, 'push', at(interviewText, 'x\u0301 rollout')),
        coding(p07.guid, users.u_ana, 'pull', at(interviewText, 'We pulled what we needed 👩‍👩‍👧')),
        coding(p07.guid, users.u_ben, 'cocreate', at(interviewText, 'co-created the rest 🇳🇱')),
        coding(p07.guid, users.u_chen, 'cocreate', at(interviewText, 'naïve, maybe 👍🏽')),
        coding(p07.guid, users.u_ana, 'frustration', at(interviewText, 'honestly 😤')),
        coding(p12.guid, users.u_ben, 'pull', at(secondText, 'ठीक है moment')),
        coding(p12.guid, users.u_chen, 'frustration', at(secondText, 'came late. 🙂')),
      ],
    };
    expect(buildAgreementReport(study, { unit: { kind: 'character' } })).toEqual(buildAgreementReport(byHand, { unit: { kind: 'character' } }));
    expect(buildAgreementReport(study, { unit: { kind: 'segment', overlapThreshold: 50 } })).toEqual(buildAgreementReport(byHand, { unit: { kind: 'segment', overlapThreshold: 50 } }));
  });
});
