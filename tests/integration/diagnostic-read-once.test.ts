/**
 * Each diagnostic file is read once: hashed, decoded and parsed in the same pass (a file already
 * loaded is refused after that pass, with that one error), not hashed in a first pass and parsed
 * in a second. The file system's opening and reading functions are wrapped to count the passes
 * per file.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const passes = new Map<string, number>();
const count = (path: unknown) => {
	const p = String(path);
	passes.set(p, (passes.get(p) ?? 0) + 1);
};
vi.mock('node:fs', async (importOriginal) => {
	const fs = await importOriginal<typeof import('node:fs')>();
	const createReadStream = ((path: Parameters<typeof fs.createReadStream>[0], opts?: Parameters<typeof fs.createReadStream>[1]) => {
		count(path);
		return fs.createReadStream(path, opts);
	}) as typeof fs.createReadStream;
	const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], opts?: Parameters<typeof fs.readFileSync>[1]) => {
		count(path);
		return fs.readFileSync(path, opts);
	}) as typeof fs.readFileSync;
	return { ...fs, default: { ...fs, createReadStream, readFileSync }, createReadStream, readFileSync };
});
vi.mock('node:fs/promises', async (importOriginal) => {
	const fsp = await importOriginal<typeof import('node:fs/promises')>();
	// The CSV reader opens its file once (and reads it through); the areas loader reads its file whole.
	const open = ((path: Parameters<typeof fsp.open>[0], ...rest: unknown[]) => {
		count(path);
		return (fsp.open as (...a: unknown[]) => ReturnType<typeof fsp.open>)(path, ...rest);
	}) as typeof fsp.open;
	const readFile = ((path: Parameters<typeof fsp.readFile>[0], opts?: Parameters<typeof fsp.readFile>[1]) => {
		count(path);
		return fsp.readFile(path, opts);
	}) as typeof fsp.readFile;
	return { ...fsp, default: { ...fsp, open, readFile }, open, readFile };
});

const { tempDb } = await import('../helpers/temp-db');
const { loadIncidents } = await import('../../ingest/incidents/load-incidents');
const { loadPopulation } = await import('../../ingest/population/load-population');
const { loadWalkAudit } = await import('../../ingest/walk-audit/load-walk-audit');
const { loadParticipatoryMap } = await import('../../ingest/participatory-map/load-participatory-map');
const { loadAreasFile } = await import('../../ingest/areas');
const { demoWalkAudit, demoIncidents, demoParticipatoryMap } = await import('../../demo/generate-diagnostics');

let env: ReturnType<typeof tempDb>;
beforeAll(() => {
	env = tempDb();
});
afterAll(() => env?.cleanup());

const CENSUS = 'demo/population_2021_by_age.csv';
const GEO = 'fixtures/essex/essex_lad2013.geojson';

describe('one pass per file, loaded or refused as already loaded', () => {
	const files = () => {
		const dir = env.dir;
		const write = (name: string, text: string) => {
			const p = join(dir, name);
			writeFileSync(p, text);
			return p;
		};
		return {
			incidents: write('incidents.csv', demoIncidents(500)),
			audit: write('audit.csv', demoWalkAudit(20)),
			mapping: write('mapping.csv', demoParticipatoryMap(200))
		};
	};
	test.each([1, 2])('load %i: every loader reads its file once', async (round) => {
		const f = round === 1 ? files() : { incidents: join(env.dir, 'incidents.csv'), audit: join(env.dir, 'audit.csv'), mapping: join(env.dir, 'mapping.csv') };
		passes.clear();
		const results = [
			await loadPopulation(env.db, CENSUS, { geography: 'montreal', wave: '2021' }),
			await loadIncidents(env.db, f.incidents, { geography: 'montreal' }),
			await loadWalkAudit(env.db, f.audit, { geography: 'montreal', wave: '2024' }),
			await loadParticipatoryMap(env.db, f.mapping, { geography: 'montreal', wave: '2024' }),
			await loadAreasFile(env.db, GEO, { geography: 'essex', nameProperty: 'LAD13NM', codeProperty: 'LAD13CD' })
		];
		// The first time every file loads; the second, each is refused as already loaded, with that error only.
		if (round === 1) expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
		else for (const r of results) expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['duplicate_file']);
		const paths = [CENSUS, f.incidents, f.audit, f.mapping, GEO];
		expect(Object.fromEntries(paths.map((p) => [p, passes.get(p) ?? 0]))).toEqual(Object.fromEntries(paths.map((p) => [p, 1])));
	});
});
