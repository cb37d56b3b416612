import { describe, it, expect } from 'vitest';
import { DEMO_WAVES, generateDemoSurvey } from '../../demo/generate-survey';

const BOROUGHS = [
	'Ahuntsic-Cartierville',
	'Anjou',
	'Côte-des-Neiges–Notre-Dame-de-Grâce',
	'Lachine',
	'LaSalle',
	'Le Plateau-Mont-Royal',
	'Le Sud-Ouest',
	"L'Île-Bizard–Sainte-Geneviève",
	'Mercier–Hochelaga-Maisonneuve',
	'Montréal-Nord',
	'Outremont',
	'Pierrefonds-Roxboro',
	'Rivière-des-Prairies–Pointe-aux-Trembles',
	'Rosemont–La Petite-Patrie',
	'Saint-Laurent',
	'Saint-Léonard',
	'Verdun',
	'Ville-Marie',
	'Villeray–Saint-Michel–Parc-Extension'
];
const POP_2021: Record<string, number> = {
	'Ahuntsic-Cartierville': 135336,
	Anjou: 43243,
	'Côte-des-Neiges–Notre-Dame-de-Grâce': 170583,
	Lachine: 46428,
	LaSalle: 82235,
	'Le Plateau-Mont-Royal': 105813,
	'Le Sud-Ouest': 84553,
	"L'Île-Bizard–Sainte-Geneviève": 18885,
	'Mercier–Hochelaga-Maisonneuve': 140627,
	'Montréal-Nord': 88471,
	Outremont: 24629,
	'Pierrefonds-Roxboro': 70382,
	'Rivière-des-Prairies–Pointe-aux-Trembles': 107941,
	'Rosemont–La Petite-Patrie': 141813,
	'Saint-Laurent': 102104,
	'Saint-Léonard': 79495,
	Verdun: 70377,
	'Ville-Marie': 104944,
	'Villeray–Saint-Michel–Parc-Extension': 145090
};
const BW = Array.from({ length: 50 }, (_, i) => `bw_${i + 1}`);
const VICTIM = ['victim_physical_12m', 'victim_verbal_12m', 'victim_psychological_12m', 'victim_sexual_12m'];
const HEADER = [
	'respondent_id',
	'wave',
	'borough',
	'age',
	'gender',
	'weight',
	'stratum',
	'psu',
	...BW,
	'safe_after_dark',
	...VICTIM,
	'victim_context',
	'perpetrator_gender',
	'reported_to_police',
	'trust_police',
	'belonging'
].join(',');

type Row = Record<string, string>;
interface Parsed {
	text: string;
	header: string;
	rows: Row[];
}

function parse(text: string): Parsed {
	expect(text.endsWith('\n')).toBe(true);
	const lines = text.slice(0, -1).split('\n');
	const header = lines[0] ?? '';
	const cols = header.split(',');
	const rows = lines.slice(1).map((line) => {
		const cells = line.split(',');
		if (cells.length !== cols.length) throw new Error(`bad field count in: ${line.slice(0, 60)}`);
		return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
	});
	return { text, header, rows };
}

const cache = new Map<string, Parsed>();
function wave(index: number): Parsed {
	const opts = DEMO_WAVES[index];
	if (!opts) throw new Error('no such wave');
	let p = cache.get(opts.wave);
	if (!p) {
		p = parse(generateDemoSurvey(opts));
		cache.set(opts.wave, p);
	}
	return p;
}
const WAVES = [0, 1] as const;
/** Collects violations so that a loop over ~10^6 cells makes a single (fast) assertion. */
function violations(check: (fail: (msg: string) => void) => void): string[] {
	const out: string[] = [];
	check((msg) => {
		if (out.length < 10) out.push(msg);
	});
	return out;
}
const str = (r: Row, c: string): string => r[c] ?? '';
const num = (r: Row, c: string): number => Number(str(r, c));
const isVictim = (r: Row): boolean => VICTIM.some((c) => str(r, c) === '1');
/** Weight in integer cents, parsed from the 2-decimal string without floating point. */
const centsOf = (s: string): number => Number(s.replace('.', ''));

function weightedMean(rows: Row[], y: (r: Row) => number | null): number {
	let s = 0;
	let d = 0;
	for (const r of rows) {
		const v = y(r);
		if (v === null) continue;
		s += num(r, 'weight') * v;
		d += num(r, 'weight');
	}
	return s / d;
}
const feelSafe = (r: Row): number | null => {
	const v = str(r, 'safe_after_dark');
	return v === '1' || v === '2' ? 1 : v === '3' || v === '4' ? 0 : null;
};

describe('demo survey: determinism and format', () => {
	it('declares the two demo waves', () => {
		expect(DEMO_WAVES).toEqual([
			{ wave: '2023', seed: 2023, n: 24000 },
			{ wave: '2024', seed: 2024, n: 27000 }
		]);
	});

	it('gives byte-identical output for the same options', () => {
		for (const i of WAVES) expect(generateDemoSurvey({ ...DEMO_WAVES[i]! })).toBe(wave(i).text);
	});

	it('differs between waves and between seeds, in the answers and not only in the ids', () => {
		expect(wave(0).text).not.toBe(wave(1).text);
		const a = generateDemoSurvey({ wave: 'X', seed: 1, n: 3000 });
		const b = generateDemoSurvey({ wave: 'X', seed: 2, n: 3000 });
		expect(a).not.toBe(b);
		const col = (t: string) => parse(t).rows.map((r) => str(r, 'safe_after_dark') + str(r, 'weight')).join();
		expect(col(a)).not.toBe(col(b));
		expect(generateDemoSurvey({ wave: 'Y', seed: 1, n: 3000 })).not.toBe(a);
	});

	it('writes the canonical header, UTF-8 without BOM, LF endings and no quoting', () => {
		for (const i of WAVES) {
			const { text, header } = wave(i);
			expect(header).toBe(HEADER);
			expect(text.charCodeAt(0)).not.toBe(0xfeff);
			expect(text).not.toContain('\r');
			expect(text).not.toContain('"');
			expect(text).not.toContain('\uFFFD');
		}
	});

	it('has n rows with unique DEMO ids and the wave label', () => {
		for (const i of WAVES) {
			const { rows } = wave(i);
			const opts = DEMO_WAVES[i]!;
			expect(rows).toHaveLength(opts.n);
			const ids = rows.map((r) => str(r, 'respondent_id'));
			expect(new Set(ids).size).toBe(opts.n);
			const idPattern = new RegExp(`^DEMO${opts.wave}-\\d{6}$`);
			expect(ids.filter((id) => !idPattern.test(id))).toEqual([]);
			expect(ids).toContain(`DEMO${opts.wave}-000001`);
			expect(rows.filter((r) => str(r, 'wave') !== opts.wave)).toEqual([]);
		}
	});

	it('rejects a sample too small for 4 PSUs of 5 in every borough', () => {
		expect(() => generateDemoSurvey({ wave: '2023', seed: 1, n: 300 })).toThrow(RangeError);
		expect(() => generateDemoSurvey({ wave: '2023', seed: 1, n: 2.5 })).toThrow(RangeError);
	});
});

describe('demo survey: design', () => {
	it('covers every borough, with stratum = borough and 12–20 PSUs of at least 5 respondents', () => {
		for (const i of WAVES) {
			const { rows } = wave(i);
			const psuSizes = new Map<string, Map<number, number>>();
			for (const r of rows) {
				if (str(r, 'stratum') !== str(r, 'borough')) expect(str(r, 'stratum')).toBe(str(r, 'borough'));
				if (!/^[1-9]\d*$/.test(str(r, 'psu'))) expect(str(r, 'psu')).toMatch(/^[1-9]\d*$/);
				const m = psuSizes.get(str(r, 'stratum')) ?? new Map<number, number>();
				m.set(num(r, 'psu'), (m.get(num(r, 'psu')) ?? 0) + 1);
				psuSizes.set(str(r, 'stratum'), m);
			}
			expect([...psuSizes.keys()].sort()).toEqual([...BOROUGHS].sort());
			for (const m of psuSizes.values()) {
				const k = m.size;
				expect(k).toBeGreaterThanOrEqual(12);
				expect(k).toBeLessThanOrEqual(20);
				expect([...m.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: k }, (_, j) => j + 1));
				for (const size of m.values()) expect(size).toBeGreaterThanOrEqual(5);
			}
		}
	});

	it('allocates the sample roughly in proportion to the square root of the population', () => {
		const { rows } = wave(1);
		const sqrtSum = BOROUGHS.reduce((s, b) => s + Math.sqrt(POP_2021[b]!), 0);
		for (const b of BOROUGHS) {
			const nh = rows.filter((r) => str(r, 'borough') === b).length;
			expect(Math.abs(nh - (rows.length * Math.sqrt(POP_2021[b]!)) / sqrtSum)).toBeLessThanOrEqual(1);
		}
	});

	it('writes weight and bw_k with exactly 2 decimals, and weights sum to the 12+ population per borough', () => {
		for (const i of WAVES) {
			const { rows } = wave(i);
			const totals = new Map<string, number>();
			const bad = violations((fail) => {
				for (const r of rows) {
					for (const c of ['weight', ...BW]) if (!/^(0|[1-9]\d*)\.\d{2}$/.test(str(r, c))) fail(`${c}=${str(r, c)}`);
					if (!(num(r, 'weight') > 0)) fail(`weight=${str(r, 'weight')}`);
					totals.set(str(r, 'borough'), (totals.get(str(r, 'borough')) ?? 0) + num(r, 'weight'));
				}
			});
			expect(bad).toEqual([]);
			for (const b of BOROUGHS) expect(totals.get(b)! / (0.88 * POP_2021[b]!)).toBeCloseTo(1, 2);
		}
	});

	it('makes Rao–Wu replicate weights exactly proportional within a PSU, with n_h − 1 draws per stratum', () => {
		for (const i of WAVES) {
			const { rows } = wave(i);
			const nh = new Map<string, number>();
			for (const r of rows) nh.set(str(r, 'stratum'), Math.max(nh.get(str(r, 'stratum')) ?? 0, num(r, 'psu')));
			const ratio = new Map<string, number[]>(); // (stratum, psu) -> bw_k / weight
			const bad = violations((fail) => {
				for (const r of rows) {
					const key = `${str(r, 'stratum')}|${str(r, 'psu')}`;
					const k = nh.get(str(r, 'stratum'))!;
					const w = centsOf(str(r, 'weight'));
					const rs = BW.map((c) => num(r, c) / num(r, 'weight'));
					const first = ratio.get(key);
					if (!first) ratio.set(key, rs);
					else rs.forEach((x, b) => Math.abs(x - first[b]!) < 1e-9 || fail(`${key} bw_${b + 1} ratio ${x} vs ${first[b]}`));
					// bw = weight · k/(k−1) · mult exactly, in integer cents.
					for (const c of BW) if ((centsOf(str(r, c)) * (k - 1)) % (w * k) !== 0) fail(`${str(r, 'respondent_id')} ${c}`);
				}
				for (const [stratum, k] of nh) {
					for (let b = 0; b < BW.length; b++) {
						let draws = 0;
						for (let j = 1; j <= k; j++) {
							const mult = (ratio.get(`${stratum}|${j}`)![b]! * (k - 1)) / k;
							if (Math.abs(mult - Math.round(mult)) > 1e-9) fail(`${stratum} psu ${j} bw_${b + 1}: mult ${mult}`);
							draws += Math.round(mult);
						}
						if (draws !== k - 1) fail(`${stratum} bw_${b + 1}: ${draws} draws for ${k} PSUs`);
					}
				}
			});
			expect(bad).toEqual([]);
		}
	});
});

describe('demo survey: codes', () => {
	it('uses the allowed age, gender and answer codes', () => {
		const allowed: Record<string, string[]> = {
			gender: ['woman', 'man', 'non-binary'],
			safe_after_dark: ['1', '2', '3', '4', '8', '9'],
			...Object.fromEntries(VICTIM.map((c) => [c, ['0', '1', '9']])),
			victim_context: ['', 'private', 'academic', 'external_public', 'internal_public'],
			perpetrator_gender: ['', 'woman', 'man', 'mixed', 'unknown'],
			reported_to_police: ['', '0', '1'],
			trust_police: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '99'],
			belonging: ['1', '2', '3', '4', '9']
		};
		for (const i of WAVES) {
			const bad = violations((fail) => {
				for (const r of wave(i).rows) {
					const age = str(r, 'age');
					if (!/^\d+$/.test(age) || Number(age) < 12 || Number(age) > 90) fail(`age=${age}`);
					for (const [c, codes] of Object.entries(allowed)) if (!codes.includes(str(r, c))) fail(`${c}=${str(r, c)}`);
				}
			});
			expect(bad).toEqual([]);
		}
	});

	it('fills context, perpetrator and reporting if and only if some victim_* is 1', () => {
		for (const i of WAVES) {
			let victims = 0;
			const bad = violations((fail) => {
				for (const r of wave(i).rows) {
					for (const c of ['victim_context', 'perpetrator_gender', 'reported_to_police'])
						if ((str(r, c) !== '') !== isVictim(r)) fail(`${str(r, 'respondent_id')} ${c}=${str(r, c)}`);
					if (isVictim(r)) victims++;
				}
			});
			expect(bad).toEqual([]);
			expect(victims).toBeGreaterThan(0);
		}
	});

	it('has a few percent of missing codes, not more', () => {
		for (const i of WAVES) {
			const { rows } = wave(i);
			const share = (c: string, codes: string[]) => rows.filter((r) => codes.includes(str(r, c))).length / rows.length;
			expect(share('safe_after_dark', ['8', '9'])).toBeGreaterThan(0.005);
			expect(share('safe_after_dark', ['8', '9'])).toBeLessThan(0.04);
			for (const c of VICTIM) expect(share(c, ['9'])).toBeLessThan(0.03);
			expect(share('trust_police', ['99'])).toBeGreaterThan(0.005);
			expect(share('trust_police', ['99'])).toBeLessThan(0.04);
			expect(share('belonging', ['9'])).toBeLessThan(0.04);
		}
	});
});

describe('demo survey: plausible estimates', () => {
	it('has an overall weighted feel-safe share of 60–78 %, lower for women than men and for 65+ than 25–44', () => {
		for (const i of WAVES) {
			const { rows } = wave(i);
			const all = weightedMean(rows, feelSafe);
			expect(all).toBeGreaterThan(0.6);
			expect(all).toBeLessThan(0.78);
			const women = weightedMean(rows.filter((r) => str(r, 'gender') === 'woman'), feelSafe);
			const men = weightedMean(rows.filter((r) => str(r, 'gender') === 'man'), feelSafe);
			expect(women).toBeLessThan(men);
			const old = weightedMean(rows.filter((r) => num(r, 'age') >= 65), feelSafe);
			const adults = weightedMean(rows.filter((r) => num(r, 'age') >= 25 && num(r, 'age') <= 44), feelSafe);
			expect(old).toBeLessThan(adults);
			const borough = (b: string) => weightedMean(rows.filter((r) => str(r, 'borough') === b), feelSafe);
			expect(borough('Outremont')).toBeGreaterThan(borough('Montréal-Nord'));
		}
	});

	it('weights bring age and gender to the population shares', () => {
		for (const i of WAVES) {
			const { rows } = wave(i);
			const share = (f: (r: Row) => boolean) => weightedMean(rows, (r) => (f(r) ? 1 : 0));
			expect(share((r) => num(r, 'age') <= 17)).toBeCloseTo(0.08, 1);
			expect(share((r) => num(r, 'age') >= 18 && num(r, 'age') <= 24)).toBeCloseTo(0.11, 1);
			expect(share((r) => str(r, 'gender') === 'woman')).toBeCloseTo(0.51, 1);
			expect(share((r) => str(r, 'gender') === 'non-binary')).toBeGreaterThan(0.01);
		}
	});

	it('shows more victimisation among the young, mostly male perpetrators of sexual victimisation, and low reporting', () => {
		for (const i of WAVES) {
			const { rows } = wave(i);
			const rate = (c: string, sel: (r: Row) => boolean) =>
				weightedMean(rows.filter(sel), (r) => (str(r, c) === '9' ? null : num(r, c)));
			const young = (r: Row) => num(r, 'age') <= 24;
			for (const c of ['victim_verbal_12m', 'victim_psychological_12m'])
				expect(rate(c, young)).toBeGreaterThan(rate(c, (r) => !young(r)));
			expect(rate('victim_sexual_12m', (r) => young(r) && str(r, 'gender') === 'woman')).toBeGreaterThan(
				rate('victim_sexual_12m', (r) => str(r, 'gender') === 'man')
			);
			const sexual = rows.filter((r) => str(r, 'victim_sexual_12m') === '1');
			expect(sexual.filter((r) => str(r, 'perpetrator_gender') === 'man').length / sexual.length).toBeGreaterThan(0.6);
			const academic = rows.filter((r) => str(r, 'victim_context') === 'academic');
			expect(academic.filter(young).length / academic.length).toBeGreaterThan(0.6);
			const reported = (sel: (r: Row) => boolean) => rate('reported_to_police', (r) => isVictim(r) && sel(r));
			expect(reported(() => true)).toBeGreaterThan(0.15);
			expect(reported(() => true)).toBeLessThan(0.4);
			expect(reported((r) => str(r, 'victim_physical_12m') === '1')).toBeGreaterThan(reported((r) => str(r, 'victim_physical_12m') !== '1'));
			const trust = weightedMean(rows, (r) => (str(r, 'trust_police') === '99' ? null : num(r, 'trust_police')));
			expect(trust).toBeGreaterThan(5.3);
			expect(trust).toBeLessThan(6.7);
		}
	});
});
