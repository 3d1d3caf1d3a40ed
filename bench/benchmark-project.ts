// The benchmark study (bench/benchmark-study.ts) stored as a real project, straight into a data
// directory's stores, for the benches that then start a server on it (matrix, interop).
import * as Y from 'yjs';
import { createSeededRandom } from '../shared/agreement/index.ts';
import { importTranscript } from '../shared/import/index.ts';
import type { Code } from '../shared/model/codebook.ts';
import { formatRoomName } from '../shared/protocol/index.ts';
import { addCode } from '../shared/ydoc/codebook-doc.ts';
import { addCoding } from '../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../shared/ydoc/span-anchor.ts';
import { transcriptText, writeTranscript } from '../shared/ydoc/transcript-doc.ts';
import { openSqliteStorage } from '../server/persistence/sqlite-storage.ts';
import { benchmarkStudy, syntheticCodings } from './benchmark-study.ts';

const { documentCount, documentLength, coderIds, codeCount } = benchmarkStudy;
const words = 'support team plan toolkit implementation we they asked help built together manager coach training meeting staff change practice evidence'.split(' ');

/** Exactly `documentLength` characters of speaker turns, so the study's offsets all fall inside. */
function transcript(seed: number): string {
  const random = createSeededRandom(seed);
  const turns: string[] = [];
  let length = 0;
  while (length < documentLength + 200) {
    const speaker = turns.length % 2 === 0 ? 'Interviewer' : 'Participant';
    const n = speaker === 'Interviewer' ? 8 + Math.floor(random() * 20) : 30 + Math.floor(random() * 150);
    const turn = `${speaker}: ${Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ')}.`;
    turns.push(turn);
    length += turn.length + 1;
  }
  // The import trims trailing space: end on a word character.
  return `${turns.join('\n').slice(0, documentLength - 1)}.`;
}

/**
 * Writes the study into `dir` as project `projectId`, owned by `owner`, with the three coders as
 * members, a `role` attribute, and 40 codes in a hierarchy (every fifth a parent of the next four;
 * the first three stage codes; every seventh in a `barriers` domain). With `codingMemos` every
 * tenth coding has a memo; `consensusCodings` of the first coder's codings stand for a consensus.
 */
export async function storeBenchmarkProject(dir: string, options: { projectId: string; name: string; codingMemos?: boolean; consensusCodings?: number }): Promise<void> {
  const { projectId } = options;
  const { directory, documents, close } = openSqliteStorage(dir);
  await directory.createUser({ id: 'owner', email: 'owner@example.org', name: 'Owner', passwordHash: 'not-a-hash', isAdmin: false });
  await directory.createProject({ id: projectId, name: options.name, ownerId: 'owner' });
  for (const id of coderIds) {
    await directory.createUser({ id, email: `${id}@example.org`, name: id, passwordHash: 'not-a-hash', isAdmin: false });
    await directory.putMember(projectId, id, 'coder');
  }
  await directory.setAttributeFields(projectId, [{ key: 'role', label: 'Role', type: 'category', options: ['coach', 'manager', 'nurse'] }]);
  const codebook = new Y.Doc();
  for (let k = 1; k <= codeCount; k++) {
    const code: Code = { id: `code-${k}`, name: `Code ${k}`, shortName: `C${k}`, colour: '#0072B2', parentId: k % 5 === 1 ? null : `code-${k - ((k - 1) % 5)}`, order: k, definition: `What code ${k} means.`, inclusion: '', exclusion: '', examples: [], isStage: k <= 3, stageOrder: k <= 3 ? k : null, domain: k % 7 === 0 ? 'barriers' : null, createdAt: '', createdBy: 'owner' };
    addCode(codebook, code);
  }
  await documents.appendUpdates(formatRoomName({ kind: 'project', projectId }), [Y.encodeStateAsUpdate(codebook)]);
  const codings = syntheticCodings(createSeededRandom(benchmarkStudy.seed));
  const consensusCodings = options.consensusCodings ?? 0;
  for (let d = 0; d < documentCount; d++) {
    const documentId = `transcript-${d + 1}`;
    const imported = importTranscript({ name: `${documentId}.txt`, bytes: new TextEncoder().encode(transcript(d + 1)) });
    if (imported.text.length !== documentLength) throw new Error(`transcript ${d + 1} has ${imported.text.length} characters`);
    const text = new Y.Doc();
    writeTranscript(text, imported.text, imported.units);
    await documents.appendUpdates(formatRoomName({ kind: 'text', projectId, documentId }), [Y.encodeStateAsUpdate(text)]);
    for (const [coder, coderId] of coderIds.entries()) {
      const layer = new Y.Doc();
      codings.forEach((c, i) => {
        if (c.document !== d || c.coder !== coder) return;
        const memo = options.codingMemos && i % 10 === 0 ? `Memo on coding ${i}: why it is ${c.codeId}.` : '';
        addCoding(layer, { id: `c${i}`, codeId: c.codeId, anchor: createSpanAnchor(transcriptText(text), c.start, c.end), memo, at: Date.UTC(2026, 0, 1) });
      });
      await documents.appendUpdates(formatRoomName({ kind: 'layer', projectId, documentId, userId: coderId }), [Y.encodeStateAsUpdate(layer)]);
      layer.destroy();
    }
    if (consensusCodings > 0) {
      const consensus = new Y.Doc();
      codings.forEach((c, i) => {
        if (c.document !== d || c.coder !== 0 || i >= consensusCodings * coderIds.length) return;
        addCoding(consensus, { id: `k${i}`, codeId: c.codeId, anchor: createSpanAnchor(transcriptText(text), c.start, c.end), at: Date.UTC(2026, 0, 2) });
      });
      await documents.appendUpdates(formatRoomName({ kind: 'consensus', projectId, documentId }), [Y.encodeStateAsUpdate(consensus)]);
      consensus.destroy();
    }
    text.destroy();
    await directory.createDocument({ id: documentId, projectId, name: `Interview ${d + 1}`, length: documentLength });
    await directory.updateDocument(projectId, documentId, { attributes: { role: ['coach', 'manager', 'nurse'][(d + 1) % 3]! } });
  }
  await close();
}
