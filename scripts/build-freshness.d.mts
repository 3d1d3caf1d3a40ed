// Types for the TypeScript callers (tests/support/server-process.ts) of build-freshness.mjs.
export declare const serverOutputs: readonly string[];
export declare const serverInputsFile: string;
export declare function serverBuildState(root: string): 'missing' | 'stale' | 'fresh';
export declare function clientBuildState(root: string): 'missing' | 'stale' | 'fresh';
