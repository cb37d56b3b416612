/**
 * Diagnostic files through a mapping (the same pipeline as surveys): headers the aliases
 * do not know, a Windows-1252 file with ";" and decimal commas, and a mapped column the file lacks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadIncidents } from '../../ingest/incidents/load-incidents';
import { DiagnosticMapping } from '../../ingest/column-mapping';
import { tempDb } from '../helpers/temp-db';
import { runVigie } from '../helpers/cli';

let env: ReturnType<typeof tempDb>;
let dir: string;
beforeAll(() => {
	env = tempDb();
	dir = mkdtempSync(join(tmpdir(), 'vigie-diag-mapping-'));
});
afterAll(() => {
	env?.cleanup();
	rmSync(dir, { recursive: true, force: true });
});

// Points in Montréal-Nord, Verdun and Ville-Marie, and one in the river (outside every area).
const POINTS: [string, string][] = [['45,5960', '-73,6250'], ['45,4600', '-73,5700'], ['45,5050', '-73,5650'], ['45,4000', '-73,2000']];
/** The same incidents in another year: another file (the same bytes twice would be refused by their SHA-256). */
const file = (year: number) => {
	const rows = POINTS.map(([lat, lon], i) => `Méfait;${year}-0${i + 1}-15;${lat};${lon};soirée`);
	const p = join(dir, `incidents-${Math.random().toString(36).slice(2)}.csv`);
	writeFileSync(p, Buffer.from(['Genre de délit;Jour du signalement;Coord N;Coord O;Moment', ...rows].join('\r\n') + '\r\n', 'latin1'));
	return p;
};
const mapping = DiagnosticMapping.parse({
	kind: 'incidents', csv: { encoding: 'windows-1252', delimiter: ';', decimal: ',' },
	columns: { category: 'Genre de délit', date: 'Jour du signalement', latitude: 'Coord N', longitude: 'Coord O', time_of_day: 'Moment' }
});

describe('incidents through a mapping', () => {
	test('headers named by the mapping, a Latin-1 ";" file with decimal commas: placed by point in polygon', async () => {
		const res = await loadIncidents(env.db, file(2024), { wave: '2024', columns: mapping.columns, csv: mapping.csv });
		if (!res.ok) throw new Error(JSON.stringify(res.errors));
		expect(res.rows).toBe(4);
		const placement = (res.summary.placement as { assigned: number; outside: number }[])[0]!;
		expect(placement).toMatchObject({ assigned: 3, outside: 1 });
	});

	test('a mapped column the file lacks is an error that names it, with the nearest header', async () => {
		const res = await loadIncidents(env.db, file(2025), { wave: '2025', columns: { ...mapping.columns, date: 'Jour du signalemnt' }, csv: mapping.csv });
		expect(res.ok).toBe(false);
		if (res.ok) return;
		expect(res.errors[0]).toMatchObject({ code: 'mapped_column_missing', line: 1, column: 'Jour du signalemnt', suggestion: 'Jour du signalement', params: { role: 'date' } });
	});

	test('vigie ingest --kind incidents --mapping FILE', async () => {
		const m = join(dir, 'mapping.json');
		writeFileSync(m, JSON.stringify(mapping));
		const r = await runVigie(env.path, ['ingest', file(2026), '--kind', 'incidents', '--wave', '2026', '--mapping', m, '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, rows: 4 });
		writeFileSync(m, JSON.stringify({ columns: { category: 'Genre de délit' }, colonnes: {} }));
		const bad = await runVigie(env.path, ['ingest', file(2027), '--kind', 'incidents', '--mapping', m]);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toContain('colonnes');
	});
});
