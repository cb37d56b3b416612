import { describe, expect, test } from 'vitest';
import { parseBy, parseCompare, parseDesign, parseQuery, parseSuppress } from '../../app/lib/server/request/params';
import { exportQuery, explorerQuery, indicatorApiQuery, mapQuery, overviewQuery, portraitQuery } from '../../app/lib/server/request/queries';

const q = (s: string) => new URLSearchParams(s);

describe('the pages\' queries', () => {
	test('absent and empty values read as the defaults; parameters a page does not know are ignored', () => {
		expect(parseQuery(overviewQuery, q(''))).toEqual({ ok: true, value: { wave: undefined, borough: undefined, suppress: true } });
		expect(parseQuery(overviewQuery, q('wave=&borough=&suppress=&indicator=x&scale=9'))).toEqual({ ok: true, value: { wave: undefined, borough: undefined, suppress: true } });
		expect(parseQuery(portraitQuery, q('wave=2023&borough=MN&suppress=0'))).toEqual({ ok: true, value: { wave: '2023', borough: 'MN', suppress: false } });
	});

	test('suppress: 1, true and nothing remove suppressed values; 0 and false ask for them; anything else names the values allowed', () => {
		for (const v of ['1', 'true', '']) expect(parseQuery(explorerQuery, q(`suppress=${v}`))).toMatchObject({ ok: true, value: { suppress: true } });
		for (const v of ['0', 'false']) expect(parseQuery(explorerQuery, q(`suppress=${v}`))).toMatchObject({ ok: true, value: { suppress: false } });
		expect(parseQuery(explorerQuery, q('suppress=maybe'))).toEqual({ ok: false, bad: { name: 'suppress', value: 'maybe', allowed: ['1', '0'] } });
	});

	test('the explorer\'s order is a preference: an unknown value is the ranked default, not an error; the export\'s is checked', () => {
		expect(parseQuery(explorerQuery, q('order=alpha'))).toMatchObject({ value: { order: 'alpha' } });
		expect(parseQuery(explorerQuery, q('order=zigzag'))).toMatchObject({ value: { order: 'rank' } });
		expect(parseQuery(exportQuery, q('order=zigzag'))).toEqual({ ok: false, bad: { name: 'order', value: 'zigzag', allowed: ['rank', 'alpha'] } });
	});

	test('an export\'s scale, background and CSV variant', () => {
		expect(parseQuery(exportQuery, q(''))).toEqual({ ok: true, value: { scale: 2, background: 'white', variant: undefined, order: 'rank' } });
		expect(parseQuery(exportQuery, q('scale=4&background=transparent&variant=en'))).toMatchObject({ value: { scale: 4, background: 'transparent', variant: 'en' } });
		expect(parseQuery(exportQuery, q('scale=3'))).toEqual({ ok: false, bad: { name: 'scale', value: '3', allowed: ['2', '4'] } });
		expect(parseQuery(exportQuery, q('variant=de'))).toEqual({ ok: false, bad: { name: 'variant', value: 'de', allowed: ['en', 'fr'] } });
	});

	test('the map\'s layers: absent is null (the default layers), repeated or comma-joined values are one list, empty is none', () => {
		expect(parseQuery(mapQuery, q(''))).toMatchObject({ value: { layers: null } });
		expect(parseQuery(mapQuery, q('layers=rates&layers=audit,hexagons'))).toMatchObject({ value: { layers: ['rates', 'audit', 'hexagons'] } });
		expect(parseQuery(mapQuery, q('layers='))).toMatchObject({ value: { layers: [] } });
	});
});

describe('the API\'s indicator query', () => {
	test('defaults: the full breakdown, the automatic design, Korn–Graubard intervals, suppression', () => {
		expect(parseQuery(indicatorApiQuery, q(''))).toMatchObject({ ok: true,
			value: { by: ['borough', 'age_group', 'gender'], design: 'auto', ci: 'kg', compare: [], suppress: true, categories: 'survey', wave: undefined } });
		expect(parseQuery(indicatorApiQuery, q('by='))).toMatchObject({ value: { by: [] } });
	});

	test('the first bad parameter in the order by, design, ci, compare, suppress, categories', () => {
		expect(parseQuery(indicatorApiQuery, q('ci=wald&design=srs'))).toEqual({ ok: false, bad: { name: 'design', value: 'srs', allowed: ['auto', 'weights', 'strata_psu', 'replicate'] } });
		expect(parseQuery(indicatorApiQuery, q('by=borough,borough'))).toEqual({ ok: false, bad: { name: 'by', value: 'borough, borough', allowed: ['borough', 'age_group', 'gender'] } });
		expect(parseQuery(indicatorApiQuery, q('by=ward'))).toMatchObject({ ok: false, bad: { name: 'by', value: 'ward' } });
		expect(parseQuery(indicatorApiQuery, q('compare=rest,nowhere'))).toMatchObject({ ok: false, bad: { name: 'compare', value: 'nowhere' } });
		expect(parseQuery(indicatorApiQuery, q('categories=mine'))).toMatchObject({ ok: false, bad: { name: 'categories', value: 'mine' } });
		// An empty design or interval is not the default: it is a value the API does not know.
		expect(parseQuery(indicatorApiQuery, q('ci='))).toMatchObject({ ok: false, bad: { name: 'ci', value: '' } });
	});

	test('the command line\'s options through the same fields', () => {
		expect(parseBy('gender,borough')).toEqual({ ok: true, value: ['gender', 'borough'] });
		expect(parseBy(undefined)).toEqual({ ok: true, value: [] });
		expect(parseCompare('rest,rest')).toEqual({ ok: true, value: ['rest'] });
		expect(parseDesign('srs')).toMatchObject({ ok: false, value: 'srs', detail: '"srs" is not one of auto, weights, strata_psu, replicate' });
		expect(parseSuppress('2')).toMatchObject({ ok: false, allowed: ['1', '0'] });
	});
});
