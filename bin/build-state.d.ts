// Types of build-state.js (plain JavaScript: it runs before anything is compiled), for the tests.
export type BuildState = { state: 'fresh' } | { state: 'missing' | 'stale'; reason: string };
export const STAMP: string;
export function dashboardState(root: string): BuildState;
export function nodeState(root: string): BuildState;
export function installed(root: string, specifier: string): boolean;
