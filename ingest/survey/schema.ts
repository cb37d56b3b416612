import { z } from 'zod';
import type { CoreRole } from '../column-mapping';
import { plainDecimal } from '../reader/number';
import type { Gender } from '../../domain/words';

export type { CoreRole };

/** Normalises a header for alias lookup: `Âge` → `age`, `Pondération` → `ponderation`, `Groupe d'âge` → `groupe_d_age`. */
export function headerKey(h: string): string {
	return h
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.trim()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '');
}

/** Documented header aliases, French and English (README "Survey files"). */
export const HEADER_ALIASES: Record<CoreRole, string[]> = {
	respondent_id: ['respondent_id', 'respondent', 'id', 'id_respondent', 'repondant', 'id_repondant', 'identifiant'],
	wave: ['wave', 'vague', 'cycle'],
	borough: ['borough', 'arrondissement', 'area', 'quartier', 'territoire'],
	age: ['age'],
	age_group: ['age_group', 'groupe_age', 'groupe_d_age', 'tranche_age', 'tranche_d_age'],
	gender: ['gender', 'genre', 'sexe', 'sex'],
	weight: ['weight', 'poids', 'ponderation', 'pond'],
	stratum: ['stratum', 'strate', 'strata'],
	psu: ['psu', 'upe', 'grappe', 'cluster'],
	// Never taken from a header name: a finite population correction changes every variance, so the mapping names it.
	fpc: []
};

const ALIAS_TO_ROLE = new Map<string, CoreRole>(
	(Object.entries(HEADER_ALIASES) as [CoreRole, string[]][]).flatMap(([role, keys]) => keys.map((k) => [k, role] as const))
);

export function coreRoleOf(header: string): CoreRole | undefined {
	return ALIAS_TO_ROLE.get(headerKey(header));
}

const GENDER_ALIASES = new Map<string, Gender>([
	...['woman', 'women', 'w', 'f', 'female', 'femme', 'femmes', 'fille', 'girl'].map((k) => [k, 'woman'] as const),
	...['man', 'men', 'm', 'h', 'male', 'homme', 'hommes', 'garcon', 'boy'].map((k) => [k, 'man'] as const),
	...['non_binary', 'nonbinary', 'non_binaire', 'nonbinaire', 'nb', 'x', 'autre', 'other', 'genderqueer'].map(
		(k) => [k, 'non-binary'] as const
	)
]);

const genderMemo = new Map<string, Gender | undefined>();
/** `F`, `femme`, `Female` → `woman`; `H`, `homme` → `man`; `non binaire`, `autre` → `non-binary`. */
export function canonicalGender(value: string): Gender | undefined {
	if (genderMemo.has(value)) return genderMemo.get(value);
	const g = GENDER_ALIASES.get(headerKey(value));
	if (genderMemo.size < 1000) genderMemo.set(value, g);
	return g;
}

/** An empty cell is "not given": map it to undefined before any coercion (z.coerce would make it 0). */
const cell = z.string().transform((s) => s.trim()).transform((s) => (s === '' ? undefined : s));
const required = (code: string) => cell.pipe(z.string({ error: code }));
const optionalText = cell.pipe(z.string().optional());
/**
 * A decimal number in a cell: `12`, `-0.5`, `.5`, `1e-3`, and with `decimal = ','` the French
 * `1,5` (then `1.5` is refused, so a file cannot mix the two); not `0x10`, `Infinity`, `1e400`,
 * thousands separators or an empty cell. A character scan: this runs once per replicate weight.
 */
export function parseNumber(s: string, decimal: '.' | ',' = '.'): number | undefined {
	const n = s.length;
	if (n === 0) return undefined;
	const plain = plainDecimal(s, decimal === ',' ? 44 : 46);
	if (plain !== undefined) return plain;
	if (decimal === ',') {
		if (s.indexOf('.') !== -1) return undefined;
		const k = s.indexOf(',');
		if (k !== -1) s = s.slice(0, k) + '.' + s.slice(k + 1);
	}
	// Number() does the parsing; these checks refuse what it accepts and a cell must not be:
	// whitespace, hex / binary / octal literals, "Infinity", a bare sign or point.
	const first = s.charCodeAt(0), last = s.charCodeAt(n - 1);
	if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return undefined;
	if (!((last >= 48 && last <= 57) || last === 46)) return undefined;
	if (first === 48 && n > 1) {
		const c = s.charCodeAt(1) | 32;
		if (c === 120 || c === 98 || c === 111) return undefined; // 0x 0b 0o
	}
	const v = +s;
	return Number.isFinite(v) ? v : undefined; // NaN, and "1e400" is not a weight
}

/**
 * Answers written as words in survey-tool exports and French spreadsheets, as the codes the
 * catalog uses: yes/no → 1/0 (`oui`, `non`, `TRUE`, `FALSE`, `vrai`, `faux`…), and the time of
 * day → `day`, `evening`, `night` (`jour`, `soir`, `nuit`…). Other values are kept as they are.
 */
const VALUE_ALIASES = new Map<string, string>([
	...['yes', 'oui', 'true', 'vrai', 'y', 'o'].map((k) => [k, '1'] as const),
	...['no', 'non', 'false', 'faux', 'n'].map((k) => [k, '0'] as const),
	...['day', 'jour', 'journee', 'daytime', 'matin', 'morning', 'apres_midi', 'afternoon'].map((k) => [k, 'day'] as const),
	...['evening', 'soir', 'soiree'].map((k) => [k, 'evening'] as const),
	...['night', 'nuit', 'nighttime'].map((k) => [k, 'night'] as const)
]);
const valueMemo = new Map<string, string>();
export function canonicalValue(value: string): string {
	let v = valueMemo.get(value);
	if (v === undefined) {
		v = /^[0-9.,+-]*$/.test(value) ? value : (VALUE_ALIASES.get(headerKey(value)) ?? value);
		if (valueMemo.size < 10_000) valueMemo.set(value, v);
	}
	return v;
}

const ageCell = cell.pipe(
	z
		.string()
		.regex(/^\d{1,3}$/, { error: 'age_not_integer' })
		.transform(Number)
		.pipe(z.number().max(120, { error: 'age_out_of_range' }))
		.optional()
);
const positiveCell = (decimal: '.' | ',', notPositive: string) =>
	cell.pipe(
		z
			.string()
			.refine((s) => parseNumber(s, decimal) !== undefined, { error: 'not_a_number' })
			.transform((s) => parseNumber(s, decimal)!)
			.pipe(z.number().positive({ error: notPositive }).finite())
			.optional()
	);
const weightCell = (decimal: '.' | ',') => positiveCell(decimal, 'weight_not_positive');

const coreRow = (decimal: '.' | ',') =>
	z.object({
		respondent_id: required('required'),
		wave: optionalText,
		borough: required('required'),
		age: ageCell,
		age_group: optionalText,
		gender: required('required'),
		weight: weightCell(decimal),
		stratum: optionalText,
		psu: optionalText,
		fpc: positiveCell(decimal, 'fpc_not_positive')
	});

/** The core of one survey row; cells arrive as strings and leave typed. One schema per decimal mark. */
export const SurveyCoreRow = { '.': coreRow('.'), ',': coreRow(',') } as const;
export type SurveyCoreRow = z.infer<ReturnType<typeof coreRow>>;
