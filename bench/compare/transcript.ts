import { createRandom } from '../../tests/support/seeded-random.ts';

/** The size of the transcript every benchmark room holds (issue 14: "a 1.4 MB transcript room"). */
export const transcriptLength = 1_400_000;

const words = ['support', 'practice', 'we', 'the', 'team', 'asked', 'for', 'help', 'and', 'then', 'together', 'planned', 'training', 'coach', 'data', 'trust', 'clinic', 'because'];

/**
 * An interview transcript of exactly `length` characters, the same for every seed: each server
 * stores and serves the same bytes. Generated in the client worker, so 1.4 MB never crosses IPC.
 */
export function syntheticTranscript(length = transcriptLength, seed = 14): string {
  const random = createRandom(seed);
  const turns: string[] = [];
  let size = 0;
  for (let turn = 0; size < length; turn++) {
    const speaker = turn % 2 === 0 ? 'Interviewer' : 'P07';
    const line = `${speaker}: ${Array.from({ length: 20 + random.int(60) }, () => random.pick(words)).join(' ')}.\n\n`;
    turns.push(line);
    size += line.length;
  }
  return turns.join('').slice(0, length);
}
