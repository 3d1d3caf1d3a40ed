// Types for the TypeScript callers (tests/integration/compiled-server.test.ts) of build-server.mjs.
export declare function escapeNonAscii(file: string): void;
export declare function buildServer(root: string): Promise<void>;
