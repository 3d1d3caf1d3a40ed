import type * as Y from 'yjs';
import type { Code } from '../../../../shared/model/codebook.ts';
import { addCode, codesMap, readCodes, updateCode } from '../../../../shared/ydoc/codebook-doc.ts';

export type CodeChanges = Partial<Omit<Code, 'id' | 'createdAt' | 'createdBy'>>;

/**
 * Writes the codebook of a `project:` room through `shared/ydoc/codebook-doc.ts`. Who changed
 * what, and when, is recorded by the server as it stores each change (its coding history), not
 * by the client.
 */
export class CodebookWriter {
  #doc: Y.Doc;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
  }

  add(code: Code): void {
    this.#doc.transact(() => addCode(this.#doc, code));
  }

  update(codeId: string, changes: CodeChanges): void {
    updateCode(this.#doc, codeId, changes);
  }

  /**
   * Deletes a code. Its sub-codes move up to its parent (recorded as moves), so deleting a
   * grouping code never deletes the codes under it. Codings that used it keep its id and show as
   * a deleted code until someone recodes them.
   */
  remove(codeId: string): void {
    const codes = readCodes(this.#doc);
    const code = codes.find((c) => c.id === codeId);
    if (!code) return;
    this.#doc.transact(() => {
      for (const child of codes.filter((c) => c.parentId === codeId)) updateCode(this.#doc, child.id, { parentId: code.parentId });
      // codebook-doc.ts has no deleteCode (yet): removing the entry from its `codes` map is the deletion.
      codesMap(this.#doc).delete(codeId);
    });
  }
}
