// Types of check-dependencies.js (plain JavaScript, run by the build), for the tests.
export interface EsbuildOutputs {
	outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}
export function packageOf(specifier: string): string | null;
export function checkDependencies(root: string, metafile: EsbuildOutputs): Promise<string[]>;
