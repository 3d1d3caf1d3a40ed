/**
 * A clock time as written in transcripts and subtitles: `h:mm:ss`, `mm:ss`, each with an optional
 * fraction after `.` (VTT) or `,` (SRT). Hours may have any number of digits.
 */
export const timestampPattern = String.raw`\d+(?::\d{1,2}){1,2}(?:[.,]\d+)?`;

const timestampParts = /^(?:(\d+):)?(\d+):(\d{1,2})(?:[.,](\d+))?$/;

/**
 * Reads a timestamp into seconds; `undefined` when it is not one (e.g. minutes or seconds ≥ 60).
 * Works in whole milliseconds so 00:00:01.100 is exactly 1.1.
 *
 * @example
 * parseTimestamp('01:02:03,500'); // 3723.5
 * parseTimestamp('02:03');        // 123
 */
export function parseTimestamp(value: string): number | undefined {
  const match = timestampParts.exec(value.trim());
  if (!match) return undefined;
  const [, hours, minutes = '0', seconds = '0', fraction = ''] = match;
  // With hours present minutes are a clock field; without them "75:00" (75 minutes) is allowed.
  if ((hours !== undefined && Number(minutes) >= 60) || Number(seconds) >= 60) return undefined;
  const milliseconds = Math.round(Number(`0.${fraction || '0'}`) * 1000);
  const totalMilliseconds = ((Number(hours ?? 0) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + milliseconds;
  return totalMilliseconds / 1000;
}
