/** What the CLI touches of the outside world; `main.ts` wires the real process, tests a fake. */
export type CliIo = {
  readonly readFile: (path: string) => Promise<string>;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
};
