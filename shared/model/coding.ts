/** One coded span in a coder's layer, resolved against the transcript (plain data). */
export interface Coding {
  readonly id: string;
  readonly codeId: string;
  readonly coderId: string;
  /** Current offsets in the transcript; null when orphaned (its text was deleted). */
  readonly start: number | null;
  readonly end: number | null;
  readonly orphaned: boolean;
  readonly memo: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
