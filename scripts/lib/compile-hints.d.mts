// Types for scripts/lib/compile-hints.mjs (used by scripts/build-web-room.mjs; imported by its test).
export declare const COMPILE_HINT: string;
export declare function addCompileHints(dir: string, pattern: RegExp): string[];
