import { describe, expect, test } from 'vitest';
import Papa from 'papaparse';
import { demoWalkAudit, demoIncidents, demoParticipatoryMap } from '../../demo/generate-diagnostics';
import { mtm8ToLonLat } from '../../ingest/geo/project';

const parse = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

describe('synthetic demo diagnostic files', () => {
	test.each([
		{ name: 'incidents', make: () => demoIncidents(), rows: 9000, header: 'CATEGORIE,DATE,QUART,PDQ,X,Y,LONGITUDE,LATITUDE' },
		{ name: 'audit', make: () => demoWalkAudit(), rows: 48, header: 'site_id,date,moment,latitude,longitude,éclairage' },
		{ name: 'mapping', make: () => demoParticipatoryMap(), rows: 1500, header: 'latitude,longitude,perception,categorie' }
	])('$name: deterministic, $rows rows, the expected header', ({ make, rows, header }) => {
		const a = make();
		expect(make()).toBe(a);
		expect(a.startsWith(header)).toBe(true);
		expect(parse(a)).toHaveLength(rows);
	});

	test('incidents: SPVM missing codes agree, X/Y is the projection of LONGITUDE/LATITUDE', () => {
		const rows = parse(demoIncidents(500));
		for (const r of rows) {
			const missingXY = r.X === '0' && r.Y === '0', missingLL = r.LONGITUDE === '1' && r.LATITUDE === '1';
			expect(missingXY).toBe(missingLL);
			if (missingXY) continue;
			const [lon, lat] = mtm8ToLonLat(Number(r.X), Number(r.Y));
			expect(Math.abs(lon - Number(r.LONGITUDE))).toBeLessThan(1e-5);
			expect(Math.abs(lat - Number(r.LATITUDE))).toBeLessThan(1e-5);
			expect(['jour', 'soir', 'nuit']).toContain(r.QUART);
			expect(r.DATE).toMatch(/^2024-\d\d-\d\d 00:00:00$/);
		}
	});

	test('audit scores are 1–5 and mapping perceptions safe or unsafe', () => {
		const scores = parse(demoWalkAudit()).flatMap((r) => ['éclairage', 'visibilité', 'achalandage'].map((c) => Number(r[c])));
		expect(scores.every((s) => Number.isInteger(s) && s >= 1 && s <= 5)).toBe(true);
		expect(new Set(parse(demoParticipatoryMap()).map((r) => r.perception))).toEqual(new Set(['sécuritaire', 'insécuritaire']));
	});
});
