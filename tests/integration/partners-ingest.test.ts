/**
 * Loading the partners directory: French and English files, partners outside the city kept and
 * reported, every error named by line and column, all or nothing, dry runs, and a new file that
 * replaces the directory in one transaction. Then the command line as analysts run it.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDb } from '../helpers/temp-db';
import { runVigie } from '../helpers/cli';
import { loadPartners } from '../../ingest/partners/load-partners';
import { addPartnerService, listPartnerServices, readPartnerDirectory } from '../../db/partners';
import { listDatasets } from '../../db/datasets';
import type { Db } from '../../db/connection';

let t: ReturnType<typeof tempDb>;
let db: Db;
beforeEach(() => {
	t = tempDb();
	db = t.db;
});
afterEach(() => t.cleanup());

const byName = (name: string) => readPartnerDirectory(db).find((p) => p.name === name)!;

describe('loadPartners', () => {
	test('a French file (semicolons, decimal commas, French headers and values) loads with its areas', async () => {
		const r = await loadPartners(db, 'fixtures/partners/partenaires-fr.csv');
		expect(r.ok, JSON.stringify(r)).toBe(true);
		if (!r.ok) return;
		expect(r.rows).toBe(3);
		expect(r.wave).toBe('2026-10-01');
		const mdj = byName('Maison des jeunes Essai');
		expect(mdj).toMatchObject({ area: 'Montréal-Nord', services: ['youth_centre', 'prevention'], age_min: 12, age_max: 17, genders: [],
			languages: ['fr', 'en'], website: 'https://www.exemple.org/mdj', member: true, contact: 'Camille Essai', email: 'essai@exemple.org' });
		const street = byName('Équipe de travail de rue Essai');
		expect(street).toMatchObject({ area: 'Ville-Marie', lon: -73.5617, lat: 45.5081, services: ['street_work', 'sexual_exploitation'],
			age_min: 12, age_max: 25, genders: ['woman', 'non-binary'], languages: ['fr', 'es'], phone: '514 555-0202 poste 3', member: false });
		expect(byName('Centre Essai d\'aide')).toMatchObject({ age_min: 18, age_max: null, genders: ['woman'], area: 'Côte-des-Neiges–Notre-Dame-de-Grâce' });
	});

	test('partners outside the city are kept, without an area, each with a warning', async () => {
		const r = await loadPartners(db, 'fixtures/partners/partners-quebec.csv');
		expect(r.ok, JSON.stringify(r)).toBe(true);
		if (!r.ok) return;
		expect(r.rows).toBe(4);
		expect(r.summary).toMatchObject({ partners: 4, placed: 1, outside: 3 });
		expect(r.warnings.filter((w) => w.code === 'point_outside').map((w) => w.line)).toEqual([3, 4, 5]);
		const quebec = byName('Test Provincial Network');
		expect(quebec).toMatchObject({ area: null, lon: -71.215, lat: 46.812, services: ['sexual_exploitation', 'legal_help'] });
		expect(byName('Test Outreach Gatineau').website).toBe('https://example.org/outreach');
		expect(byName('Test Youth Centre Montreal').area).toBe('Le Plateau-Mont-Royal');
	});

	test('every error is named by line, column and value, and nothing is stored', async () => {
		const r = await loadPartners(db, 'fixtures/partners/partners-errors.csv');
		expect(r.ok).toBe(false);
		if (r.ok) return;
		const at = (line: number) => r.errors.filter((e) => e.line === line).map((e) => [e.column, e.code, e.value]);
		expect(at(3)).toEqual([['name', 'required', '']]);
		expect(at(4)).toEqual([['services', 'unknown_service', 'Street wrok']]);
		expect(r.errors.find((e) => e.line === 4)!.suggestion).toBe('Street work');
		expect(at(5)).toEqual([['audiences', 'unknown_audience', 'teenagers'], ['website', 'website_invalid', 'javascript:alert(1)'],
			['email', 'email_invalid', 'not-an-email'], ['phone', 'phone_invalid', 'abc'], ['member', 'yes_no_invalid', 'maybe'], ['updated', 'date_invalid', '2026-13-01']]);
		expect(at(6)).toEqual([['latitude', 'coordinate_invalid', '145.5']]);
		expect(listDatasets(db, 'partners')).toEqual([]);
		expect(readPartnerDirectory(db)).toEqual([]);
	});

	test('a header without a name or services column is refused before any row', async () => {
		const path = join(t.dir, 'no-services.csv');
		writeFileSync(path, 'organisme,adresse\nA,1 rue A\n');
		const r = await loadPartners(db, path);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.map((e) => [e.code, e.params?.role])).toEqual([['missing_column', 'services']]);
	});

	test('a dry run stores nothing; a new file replaces the directory in one transaction; the same file twice is refused', async () => {
		const dry = await loadPartners(db, 'fixtures/partners/partners-quebec.csv', { dryRun: true });
		expect(dry.ok && dry.dry_run && dry.dataset_id === null).toBe(true);
		expect(readPartnerDirectory(db)).toEqual([]);
		const first = await loadPartners(db, 'fixtures/partners/partners-quebec.csv');
		expect(first.ok && readPartnerDirectory(db).length).toBe(4);
		const again = await loadPartners(db, 'fixtures/partners/partners-quebec.csv');
		expect(!again.ok && again.errors[0]!.code).toBe('duplicate_file');
		// A failing file leaves the directory as it was.
		expect((await loadPartners(db, 'fixtures/partners/partners-errors.csv')).ok).toBe(false);
		expect(readPartnerDirectory(db).length).toBe(4);
		const second = await loadPartners(db, 'fixtures/partners/partenaires-fr.csv');
		expect(second.ok && second.summary.replaced).toEqual([first.ok ? first.dataset_id : -1]);
		expect(readPartnerDirectory(db).map((p) => p.name).sort()).toEqual(['Centre Essai d\'aide', 'Maison des jeunes Essai', 'Équipe de travail de rue Essai']);
		expect(listDatasets(db, 'partners').map((d) => d.id)).toEqual([second.ok ? second.dataset_id : -1]);
	});

	test('a service an analyst adds to the catalog is accepted by its name or alias', async () => {
		const path = join(t.dir, 'food.csv');
		writeFileSync(path, 'name,address,services\nFood Test,1 Test Street,Banque alimentaire; dépannage\n');
		const before = await loadPartners(db, path, { dryRun: true });
		expect(!before.ok && before.errors.map((e) => e.code)).toEqual(['unknown_service', 'unknown_service']);
		addPartnerService(db, { id: 'food_bank', label_fr: 'Banque alimentaire', label_en: 'Food bank', aliases: ['depannage alimentaire', 'dépannage'] }, 'test');
		expect(listPartnerServices(db).at(-1)!.id).toBe('food_bank');
		const after = await loadPartners(db, path);
		expect(after.ok).toBe(true);
		expect(byName('Food Test').services).toEqual(['food_bank']);
	});
});

describe('vigie ingest --kind partners', () => {
	test('loads a French file and reports its placement in the reader\'s language; the report of a bad file names lines', async () => {
		// The command line opens the file itself.
		t.db.close();
		const fr = join(t.dir, 'partenaires.csv');
		copyFileSync('fixtures/partners/partenaires-fr.csv', fr);
		const ok = await runVigie(t.path, ['ingest', fr, '--kind', 'partners', '--lang', 'fr']);
		expect(ok.code, ok.stderr).toBe(0);
		expect(ok.stdout).toContain('3 partenaires : 3 placés dans un secteur, 0 hors de la géographie');
		const bad = await runVigie(t.path, ['ingest', 'fixtures/partners/partners-errors.csv', '--kind', 'partners', '--format', 'json']);
		expect(bad.code).toBe(1);
		const report = JSON.parse(bad.stdout) as { ok: boolean; errors: { line: number; column: string; message: string; suggestion?: string }[] };
		expect(report.ok).toBe(false);
		expect(report.errors.find((e) => e.line === 4)).toMatchObject({ column: 'services', suggestion: 'Street work' });
		expect(report.errors.find((e) => e.line === 4)!.message).toContain('Street wrok');
		const quebec = await runVigie(t.path, ['ingest', 'fixtures/partners/partners-quebec.csv', '--kind', 'partners']);
		expect(quebec.code, quebec.stderr).toBe(0);
		expect(quebec.stdout).toContain('4 partners: 1 placed in an area, 3 outside the geography (kept and shown)');
		expect(quebec.stdout).toMatch(/The previous directory \(dataset \d+\) is replaced\./);
	}, 60_000);
});

describe('the directory\'s CSV export', () => {
	test('reads back as a partners file: the same partners, services, audiences and areas', async () => {
		const { forReader } = await import('../../app/lib/server/partners/directory');
		const { partnersCsv } = await import('../../app/lib/server/partners/export');
		expect((await loadPartners(db, 'fixtures/partners/partenaires-fr.csv')).ok).toBe(true);
		const labels = new Map(listPartnerServices(db).map((s) => [s.id, s.label_en]));
		const before = readPartnerDirectory(db);
		const path = join(t.dir, 'export.csv');
		writeFileSync(path, '\uFEFF' + partnersCsv(before.map((p) => forReader(p, true)), { contacts: true, serviceLabel: (id) => labels.get(id) ?? id }));
		const r = await loadPartners(db, path);
		expect(r.ok, JSON.stringify(r)).toBe(true);
		const strip = ({ dataset_id: _d, row_index: _r, ...rest }: (typeof before)[number]) => rest;
		expect(readPartnerDirectory(db).map(strip)).toEqual(before.map(strip));
	});
});
