import type { MatrixQuery } from './matrix-query.ts';

/** `userId` of the consensus layer, as the API names it. */
export const consensusLayerId = 'consensus';

/** Which layers a matrix could read, as the server narrowed them for its reader. */
export interface MatrixScope {
  /** Coders whose codings are counted (after `userId`). */
  readonly coders: number;
  /** The one coder counted, by name, when the query asked for one. */
  readonly coderName: string | null;
  /** The attribute's label, for `cols=attr.<key>`. */
  readonly attributeLabel: string | null;
  /** Documents in a blind round where only the reader's own codings are counted. */
  readonly ownOnlyDocuments: number;
  /** Documents in a blind round left out entirely: the reader may see none of their codings. */
  readonly hiddenDocuments: number;
}

/**
 * One or two sentences saying what a matrix counts and whose codings: shown under the matrix and
 * written into its CSV, so neither a screenshot nor a download loses its meaning.
 *
 * @example
 * describeMatrix(defaultMatrixQuery, { coders: 3, coderName: null, attributeLabel: null, ownOnlyDocuments: 0, hiddenDocuments: 0 })
 * // 'Codings of each code in each document. By every coder you can see (3); consensus excluded; sub-codes on their own rows.'
 */
export function describeMatrix(query: MatrixQuery, scope: MatrixScope): string {
  const sentences = [measureSentence(query, scope.attributeLabel)];
  const whose =
    query.userId === consensusLayerId
      ? 'The consensus only'
      : `${scope.coderName !== null ? `By ${scope.coderName} only` : `By every coder you can see (${scope.coders})`}; consensus excluded`;
  sentences.push(`${whose}; ${query.cols.kind === 'codes' ? 'a code is not paired with itself' : 'sub-codes on their own rows'}.`);
  if (scope.ownOnlyDocuments > 0) sentences.push(`In ${documents(scope.ownOnlyDocuments)} in a blind round only your own codings are counted.`);
  if (scope.hiddenDocuments > 0) sentences.push(`${capital(documents(scope.hiddenDocuments))} in a blind round ${scope.hiddenDocuments === 1 ? 'is' : 'are'} left out until the round is revealed.`);
  return sentences.join(' ');
}

function measureSentence(query: MatrixQuery, attributeLabel: string | null): string {
  if (query.cols.kind === 'codes') {
    if (query.cooccurrence === 'overlap') {
      return query.measure === 'count'
        ? 'Pairs of codings by one coder in one document that overlap by at least one character.'
        : 'Characters one coder coded with both codes.';
    }
    return query.measure === 'count'
      ? 'Pairs of codings by one coder in the same transcript unit (speaker turn, cue or paragraph).'
      : 'Length of the transcript units in which one coder used both codes.';
  }
  const per = query.cols.kind === 'documents' ? 'in each document' : query.cols.kind === 'coders' ? 'by each coder' : `per value of “${attributeLabel ?? query.cols.field}”`;
  return query.measure === 'count' ? `Codings of each code ${per}.` : `Characters coded with each code ${per} (once per coder, even where coded twice).`;
}

const documents = (n: number) => (n === 1 ? '1 document' : `${n} documents`);
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
