import type * as Y from 'yjs';
import type { Code } from '../../../../shared/model/codebook.ts';
import { codebookHistoryKey, codesMap, readCodebookHistory, readCodes, type CodebookChange } from '../../../../shared/ydoc/codebook-doc.ts';
import { YjsValue } from './yjs-value.ts';

/** The codes of a `project:` room (`shared/ydoc/codebook-doc.ts`), re-read after any change to them. */
export function createCodesSource(doc: Y.Doc): YjsValue<readonly Code[]> {
  return new YjsValue(
    () => readCodes(doc),
    (changed) => {
      const codes = codesMap(doc);
      codes.observeDeep(changed);
      return () => codes.unobserveDeep(changed);
    },
  );
}

/** The codebook's change history (oldest first). */
export function createCodebookHistorySource(doc: Y.Doc): YjsValue<readonly CodebookChange[]> {
  return new YjsValue(
    () => readCodebookHistory(doc),
    (changed) => {
      const history = doc.getArray(codebookHistoryKey);
      history.observe(changed);
      return () => history.unobserve(changed);
    },
  );
}
