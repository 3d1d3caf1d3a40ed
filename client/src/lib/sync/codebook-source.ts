import type * as Y from 'yjs';
import type { Code } from '../../../../shared/model/codebook.ts';
import { codesMap, readCodes } from '../../../../shared/ydoc/codebook-doc.ts';
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
