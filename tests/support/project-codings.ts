// Reading a project back as names, the way a person would check it: every coding as
// `document | passage | code path | coder | memo`, and every document's text. Import tests compare
// these with what the file meant, so a coding placed one character off fails.
import { expect } from 'vitest';
import type * as Y from 'yjs';
import type { SegmentView } from '../../shared/api/index.ts';
import { readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { transcriptText } from '../../shared/ydoc/transcript-doc.ts';
import type { ApiClient } from './api-client.ts';
import type { TestServer } from './test-server.ts';

/** Every coding of a project, the consensus's too, as names: `document | passage | code path | coder | memo`, sorted. */
export async function codingsByName(server: TestServer, api: ApiClient, projectId: string): Promise<string[]> {
  const members: { userId: string; name: string }[] = [...(await api.get(`/api/projects/${projectId}/members`)).body, { userId: 'consensus', name: 'Consensus' }];
  const projectCodes = await server.server.registry.read(`project:${projectId}`, (doc: Y.Doc) => readCodes(doc));
  const path = (codeId: string): string => {
    const code = projectCodes.find((c) => c.id === codeId)!;
    return code.parentId === null ? code.name : `${path(code.parentId)}/${code.name}`;
  };
  const rows: string[] = [];
  for (const member of members) {
    const response = await api.get(`/api/projects/${projectId}/segments?userId=${encodeURIComponent(member.userId)}&limit=500`);
    expect(response.status).toBe(200);
    for (const s of response.body.segments as SegmentView[]) rows.push([s.documentName, s.text, path(s.codeId), member.name, s.memo].join(' | '));
  }
  return rows.sort();
}

/** Each document's name and its text as the server holds it, in the project's document order. */
export async function documentTexts(server: TestServer, api: ApiClient, projectId: string): Promise<{ name: string; text: string }[]> {
  const documents: { id: string; name: string }[] = (await api.get(`/api/projects/${projectId}/documents`)).body;
  return Promise.all(
    documents.map(async (d) => ({ name: d.name, text: await server.server.registry.read(`text:${projectId}:${d.id}`, (doc: Y.Doc) => transcriptText(doc).toString()) })),
  );
}
