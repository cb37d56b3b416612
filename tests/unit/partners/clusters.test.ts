import { describe, expect, test } from 'vitest';
import { clusterPartners, clusterRadius, pinToEdge } from '../../../app/lib/charts/partner-clusters';
import { forReader, matches, type PartnerQuery } from '../../../app/lib/server/partners/directory';
import { partnersCsv } from '../../../app/lib/server/partners/export';
import type { PartnerRecord } from '../../../db/partners';

describe('clusterPartners', () => {
	const frame = { width: 760, height: 560 };
	test('points closer than the radius share a circle at their mean; others keep their own', () => {
		const c = clusterPartners({ ...frame, radius: 14, points: [{ name: 'A', x: 100, y: 100 }, { name: 'B', x: 110, y: 100 }, { name: 'C', x: 300, y: 300 }] });
		expect(c.map((x) => [x.x, x.y, x.count, x.names, x.offMap])).toEqual([[105, 100, 2, ['A', 'B'], false], [300, 300, 1, ['C'], false]]);
		expect(c[0]!.r).toBe(clusterRadius(2));
	});

	test('a point off the frame is pinned to its edge in its direction and never merges with one on the map', () => {
		const c = clusterPartners({ ...frame, inset: 10, points: [{ name: 'East', x: 2000, y: 280 }, { name: 'Edge', x: 748, y: 280 }, { name: 'North', x: 380, y: -500 }] });
		expect(c.map((x) => [x.x, x.y, x.offMap, x.count])).toEqual([[750, 280, true, 1], [748, 280, false, 1], [380, 10, true, 1]]);
	});

	test('points the projection cannot place are left out', () => {
		expect(clusterPartners({ ...frame, points: [{ name: 'X', x: null, y: null }, { name: 'Y', x: Number.NaN, y: 3 }] })).toEqual([]);
	});

	test.each([
		{ args: [1000, 280] as const, expected: [750, 280] },
		{ args: [380, 1000] as const, expected: [380, 550] },
		{ args: [-1000, -1000] as const, expected: [88.9, 10] }
	])('pinToEdge($args) = $expected', ({ args, expected }) => {
		const [x, y] = pinToEdge(args[0], args[1], 760, 560, 10);
		expect([Math.round(x * 10) / 10, Math.round(y * 10) / 10]).toEqual(expected);
	});
});

const partner = (over: Partial<PartnerRecord> = {}): PartnerRecord => ({
	dataset_id: 1, row_index: 0, name: 'Maison Test', name_key: 'maison_test', address: '1 rue Test', lon: -73.6, lat: 45.5, geography: 'montreal',
	area: 'Verdun', area_code: 'VD', services: ['prevention'], age_min: 12, age_max: 25, genders: ['woman'], languages: ['fr'], website: 'https://example.org/',
	hours: null, member: true, updated: '2026-10-01', contact: 'Alex Test', phone: '514 555-0101', email: '=cmd@example.org', ...over
});
const none: PartnerQuery = { q: '', service: '', area: '', age: null, gender: '', language: '' };

describe('who sees what and the filters', () => {
	test('contact details are in a reader\'s view only when the reader may see them', () => {
		expect(forReader(partner(), false)).not.toHaveProperty('contact');
		expect(forReader(partner(), false)).not.toHaveProperty('phone');
		expect(forReader(partner(), false)).not.toHaveProperty('email');
		expect(forReader(partner(), true)).toMatchObject({ contact: 'Alex Test', phone: '514 555-0101', email: '=cmd@example.org' });
	});

	test.each([
		{ q: { q: 'maison' }, expected: true },
		{ q: { q: 'Maisön T' }, expected: true },
		{ q: { q: 'shelter' }, expected: false },
		{ q: { service: 'prevention' }, expected: true },
		{ q: { service: 'health' }, expected: false },
		{ q: { area: 'VD' }, expected: true },
		{ q: { area: 'outside' }, expected: false },
		{ q: { age: 12 }, expected: true },
		{ q: { age: 30 }, expected: false },
		{ q: { gender: 'woman' }, expected: true },
		{ q: { gender: 'man' }, expected: false },
		{ q: { language: 'en' }, expected: false }
	])('matches($q) = $expected', ({ q, expected }) => {
		expect(matches(partner(), { ...none, ...q })).toBe(expected);
	});

	test('a partner outside the geography matches the "outside" area; one serving every gender matches any', () => {
		expect(matches(partner({ area: null, area_code: null }), { ...none, area: 'outside' })).toBe(true);
		expect(matches(partner({ genders: [] }), { ...none, gender: 'man' })).toBe(true);
	});

	test('the CSV has contact columns only for a signed-in reader, and neutralises formulas', () => {
		const label = (id: string) => (id === 'prevention' ? 'Prévention' : id);
		const anon = partnersCsv([forReader(partner(), false)], { contacts: false, serviceLabel: label });
		expect(anon.split('\r\n')[0]).toBe('name,address,borough,latitude,longitude,services,ages,genders,languages,website,hours,member,updated');
		expect(anon).not.toContain('Alex Test');
		const signed = partnersCsv([forReader(partner(), true)], { contacts: true, serviceLabel: label });
		expect(signed.split('\r\n')[1]).toBe("Maison Test,1 rue Test,Verdun,45.5,-73.6,Prévention,12-25,woman,fr,https://example.org/,,yes,2026-10-01,Alex Test,514 555-0101,'=cmd@example.org");
	});
});
