/** One segment of `GET /api/projects/:id/segments` (docs/api.md). */
export interface SegmentView {
  readonly codingId: string;
  readonly documentId: string;
  readonly documentName: string;
  /** The coder's user id, or `consensus`. */
  readonly userId: string;
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly before: string;
  readonly after: string;
  /** The middle of a very long passage was left out of `text`. */
  readonly elided: boolean;
  readonly memo: string;
  readonly createdAt: string | null;
}

/** `GET /api/projects/:id/segments` as JSON: one page of the selection. */
export interface SegmentsResponse {
  readonly segments: readonly SegmentView[];
  readonly total: number;
  /** Documents holding at least one segment of the whole selection. */
  readonly documentCount: number;
  readonly limit: number;
  readonly offset: number;
}
