/**
 * The import-cycle check `npm test` runs (scripts/check-cycles.js), on small trees in a temporary
 * folder: a cycle through a type-only import, a re-export and a Svelte component is found and
 * named; the same files without the back edge pass.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

let root: string;
function file(path: string, text: string): void {
	mkdirSync(dirname(join(root, path)), { recursive: true });
	writeFileSync(join(root, path), text);
}
const check = () => spawnSync(process.execPath, ['scripts/check-cycles.js', root], { encoding: 'utf8' });

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'vigie-cycles-'));
	file('a.ts', "import { b } from './b';\n// import { c } from './c'; (a comment, not an import)\nexport const a = b + 1;\n");
	file('b.ts', "export { c as b } from './lib/c';\n");
	file('lib/c.ts', "export const c = 1;\n");
	file('lib/View.svelte', "<script lang=\"ts\">\n\timport { a } from '../a';\n</script>\n<p>{a}</p>\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('no cycle: exit 0', () => {
	const r = check();
	expect(r.stderr).toBe('');
	expect(r.status).toBe(0);
	expect(r.stdout).toMatch(/No import cycle among 4 files/);
});

test('a type-only import back to a module that imports it: exit 1, the cycle named', () => {
	file('lib/c.ts', "import type { Props } from './View.svelte';\nexport const c = 1;\nexport type P = Props;\n");
	const r = check();
	expect(r.status).toBe(1);
	expect(r.stderr).toMatch(/1 import cycle among 4 files/);
	expect(r.stderr).toContain('a.ts → ');
	for (const f of ['b.ts', 'lib/c.ts', 'lib/View.svelte']) expect(r.stderr).toContain(f);
});

test("the product importing the tests' fixtures: exit 1, the import named", () => {
	const inRepo = mkdtempSync(join(process.cwd(), 'app', '.check-fixtures-'));
	try {
		writeFileSync(join(inRepo, 'x.ts'), "import { a } from '../../fixtures/make-diagnostic-fixtures';\nexport const x = a;\n");
		const r = spawnSync(process.execPath, ['scripts/check-cycles.js', inRepo], { encoding: 'utf8' });
		expect(r.status).toBe(1);
		expect(r.stderr).toMatch(/1 import of fixtures\/ by the product/);
		expect(r.stderr).toContain('fixtures/make-diagnostic-fixtures.ts');
	} finally {
		rmSync(inRepo, { recursive: true, force: true });
	}
});
