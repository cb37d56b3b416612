/**
 * The house geography, on a real database holding Montréal's areas and the 14 Essex districts
 * (fixtures/essex): a survey whose mapping names no geography is placed in the one the settings
 * choose, and every survey page (overview, explorer, portraits, comparison) draws and lists the
 * areas of the geography its wave was placed in, whatever the house geography is later.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDb } from '../helpers/temp-db';
import { runVigie } from '../helpers/cli';
import { loadAreasFile } from '../../ingest/areas';
import { findSurveyDataset } from '../../db/datasets';
import { listAudit } from '../../db/audit-log';
import { ingestSurvey } from '../../app/lib/server/ingestion/ingest';
import { loadGeography, saveGeography, surveyGeography } from '../../app/lib/server/settings/geography';
import { buildOverview } from '../../app/lib/server/views/overview';
import { buildIndicator } from '../../app/lib/server/views/indicator';
import { buildPortrait, listPortraitBoroughs } from '../../app/lib/server/views/portrait';
import { buildCompare } from '../../app/lib/server/views/compare';
import type { IngestResult } from '../../ingest/report';
import { warmSteps } from '../../app/lib/server/jobs/warm-up-steps';
import { parseMapping } from '../../ingest/column-mapping';

const ESSEX = ['Basildon', 'Braintree', 'Brentwood', 'Castle Point', 'Chelmsford', 'Colchester', 'Epping Forest', 'Harlow', 'Maldon',
	'Rochford', 'Southend-on-Sea', 'Tendring', 'Thurrock', 'Uttlesford'];
const MONTREAL_SAMPLE = ['Anjou', 'Montréal-Nord', 'Verdun', 'Outremont'];
const actor = { name: 'admin@example.org', userId: null, ip: null };

function survey(places: string[], n: number): string {
	const lines = ['respondent_id,borough,age,gender,weight,safe_after_dark'];
	for (let i = 0; i < n; i++) lines.push(`R${i},${places[i % places.length]},${15 + (i % 60)},${['woman', 'man'][i % 2]},1.5,${1 + (i % 4)}`);
	return lines.join('\n') + '\n';
}

let env: ReturnType<typeof tempDb>;
let refused: IngestResult;
const file = (name: string, text: string) => {
	const path = join(env.dir, name);
	writeFileSync(path, text);
	return path;
};
const ok = (r: IngestResult) => {
	if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
	return r;
};

beforeAll(async () => {
	env = tempDb();
	const areas = await loadAreasFile(env.db, 'fixtures/essex/essex_lad2013.geojson', { geography: 'essex', nameProperty: 'LAD13NM', codeProperty: 'LAD13CD', type: 'district' });
	if (!areas.ok) throw new Error(JSON.stringify(areas.errors.slice(0, 3)));
	// Before the setting, a file of Essex districts without a geography is checked against Montréal's areas.
	refused = await ingestSurvey(env.db, file('essex-0.csv', survey(ESSEX, 700)), { wave: '2023' });
	expect(saveGeography(env.db, 'essex', actor)).toBe(true);
	ok(await ingestSurvey(env.db, file('essex-1.csv', survey(ESSEX, 701)), { wave: '2023' }));
	// A later wave names its geography: it stays in Montréal although the house geography is Essex.
	const montreal = file('montreal.csv', survey(MONTREAL_SAMPLE, 400));
	ok(await ingestSurvey(env.db, montreal, { wave: '2024', mapping: parseMapping({ geography: 'montreal' }) }));
}, 60_000);

afterAll(() => env?.cleanup());

describe('the house geography setting', () => {
	test('is Montréal until chosen; only a geography with areas can be chosen, and the change is audited', () => {
		const fresh = tempDb();
		try {
			expect(loadGeography(fresh.db)).toBe('montreal');
			expect(saveGeography(fresh.db, 'essex', actor)).toBe(false);
			expect(loadGeography(fresh.db)).toBe('montreal');
			// The settings page posts the select unchanged with every save: nothing is written.
			expect(saveGeography(fresh.db, 'montreal', actor)).toBe(true);
			expect(listAudit(fresh.db, { limit: 10, action: 'settings_change' })).toEqual([]);
		} finally {
			fresh.cleanup();
		}
		expect(loadGeography(env.db)).toBe('essex');
		const change = listAudit(env.db, { limit: 100, action: 'settings_change' }).find((e) => e.details.setting === 'geography');
		expect(change?.details).toMatchObject({ from: 'montreal', to: 'essex' });
	});

	test('a survey without a geography is placed in the house one', () => {
		expect(refused.ok).toBe(false);
		expect(!refused.ok && refused.errors.map((e) => e.code)).toContain('areas_not_in_geography');
		expect(findSurveyDataset(env.db, '2023')!.mapping.geography).toBe('essex');
		expect(findSurveyDataset(env.db, '2024')!.mapping.geography).toBe('montreal');
		expect(surveyGeography(env.db, '2023')).toBe('essex');
		expect(surveyGeography(env.db, '2024')).toBe('montreal');
		expect(surveyGeography(env.db, undefined)).toBe('essex');
	});
});

describe('survey pages draw the geography of their wave', () => {
	test('the overview maps and lists the Essex districts for 2023, Montréal’s boroughs for 2024', () => {
		const essex = buildOverview(env.db, { wave: '2023' }, 'en', { suppress: true });
		expect(essex.boroughCount).toBe(14);
		const ind = essex.indicators.find((i) => i.id === 'feel_safe_after_dark')!;
		expect(ind.boroughs.map((b) => b.name).sort()).toEqual([...ESSEX].sort());
		expect(ind.boroughs.every((b) => b.n! > 0 && b.estimate !== null)).toBe(true);
		const montreal = buildOverview(env.db, { wave: '2024' }, 'en', { suppress: true });
		expect(montreal.boroughCount).toBe(19);
		const mtl = montreal.indicators.find((i) => i.id === 'feel_safe_after_dark')!;
		expect(mtl.boroughs.filter((b) => b.n! > 0).map((b) => b.name).sort()).toEqual([...MONTREAL_SAMPLE].sort());
	});

	test('the explorer offers the wave’s areas and refuses another geography’s', () => {
		const view = buildIndicator(env.db, { indicator: 'feel_safe_after_dark', wave: '2023', borough: 'E07000066' }, 'en');
		expect(view.boroughs).toHaveLength(14);
		expect(view.boroughName).toBe('Basildon');
		expect(view.summary?.estimate).not.toBeNull();
		expect(() => buildIndicator(env.db, { indicator: 'feel_safe_after_dark', wave: '2023', borough: 'MN' }, 'en')).toThrow();
		expect(buildIndicator(env.db, { indicator: 'feel_safe_after_dark', wave: '2024', borough: 'MN' }, 'en').boroughName).toBe('Montréal-Nord');
	});

	test('portraits and the comparison follow the wave', () => {
		expect(listPortraitBoroughs(env.db, '2023').map((b) => b.code)).toContain('E07000066');
		expect(listPortraitBoroughs(env.db).map((b) => b.code)).toContain('MN');
		const portrait = buildPortrait(env.db, 'E07000071', { wave: '2023' }, 'fr', { suppress: true });
		expect(portrait.selected).toEqual({ borough: 'E07000071', wave: '2023' });
		expect(() => buildPortrait(env.db, 'E07000071', { wave: '2024' }, 'fr', { suppress: true })).toThrow();
		const compare = buildCompare(env.db, { a: 'E07000070', b: 'E07000071', wave: '2023' }, 'en');
		expect([compare.a.name, compare.b.name]).toEqual(['Chelmsford', 'Colchester']);
	});
});

test('the cache warm-up computes every wave in its own geography, without a failed step', () => {
	const failed: string[] = [];
	for (const step of warmSteps(env.db)) {
		try {
			step.run();
		} catch (err) {
			failed.push(`${step.page ?? '(wave step)'}: ${(err as Error).message ?? JSON.stringify(err)}`);
		}
	}
	expect(failed).toEqual([]);
}, 60_000);

describe('vigie settings', () => {
	test('shows the house geography and refuses one without areas', async () => {
		const shown = await runVigie(env.path, ['settings', 'show']);
		expect(shown.code).toBe(0);
		expect(JSON.parse(shown.stdout).geography).toBe('essex');
		const refusedCli = await runVigie(env.path, ['settings', 'set', 'geography', 'atlantis']);
		expect(refusedCli.code).toBe(1);
		expect(refusedCli.stderr).toContain('"atlantis" has no areas; known geographies: essex, montreal');
		const set = await runVigie(env.path, ['settings', 'set', 'geography', 'montreal']);
		expect(set.code).toBe(0);
		expect(loadGeography(env.db)).toBe('montreal');
	});
});
