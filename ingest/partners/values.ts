/**
 * Cell rules of the partners directory: lists of services (against the catalog), audiences (an
 * age range, genders, languages), yes/no, websites, e-mail addresses and phone numbers, in French
 * or English. Each parser takes the trimmed cell and returns the canonical value or undefined;
 * the loader turns undefined into an issue.
 */
import { matchName } from '../names';
import { headerKey } from '../survey/schema';

/** `prévention; travail de rue, Shelter` → its items (`;`, `,` or `|` between them). */
export function listItems(cell: string): string[] {
	return cell.split(/[;,|\n]/).map((s) => s.trim()).filter(Boolean);
}

export interface ServiceCatalogEntry {
	id: string;
	label_fr: string;
	label_en: string;
	aliases: string[];
}

/**
 * Looks services up by id, French or English label or alias (case, accents and punctuation
 * ignored). `of` gives the id, or the nearest label as a suggestion.
 */
export function serviceMatcher(catalog: readonly ServiceCatalogEntry[]) {
	const byKey = new Map<string, string>();
	for (const s of catalog) for (const name of [s.id, s.label_fr, s.label_en, ...s.aliases]) byKey.set(headerKey(name), s.id);
	const candidates = catalog.flatMap((s, i) => [s.label_fr, s.label_en].map((name) => ({ id: i, name, key: headerKey(name) })));
	return (item: string): { id?: string; suggestion?: string } => {
		const id = byKey.get(headerKey(item));
		if (id) return { id };
		return { suggestion: matchName(item, candidates).suggestions[0] };
	};
}

export type AudienceGender = 'woman' | 'man' | 'non-binary';
export const AUDIENCE_GENDERS: readonly AudienceGender[] = ['woman', 'man', 'non-binary'];

const GENDERS = new Map<string, AudienceGender | 'all'>([
	...['woman', 'women', 'girl', 'girls', 'female', 'f', 'femme', 'femmes', 'fille', 'filles', 'jeunes_femmes', 'young_women'].map((k) => [k, 'woman'] as const),
	...['man', 'men', 'boy', 'boys', 'male', 'm', 'h', 'homme', 'hommes', 'garcon', 'garcons', 'jeunes_hommes', 'young_men'].map((k) => [k, 'man'] as const),
	...['non_binary', 'nonbinary', 'non_binaire', 'non_binaires', 'personnes_non_binaires', 'non_binary_people', 'trans', 'lgbtq', 'lgbtq2s', 'lgbtqia', 'lgbtq2s_plus', 'lgbtqia_plus', 'lgbtq_plus']
		.map((k) => [k, 'non-binary'] as const),
	...['all', 'everyone', 'tous', 'toutes', 'tout_le_monde', 'mixed', 'mixte', 'all_genders', 'tous_genres'].map((k) => [k, 'all'] as const)
]);

/** `femmes` → `woman`; `tous` → `all` (no restriction); undefined when it is no gender word. */
export function parseGender(item: string): AudienceGender | 'all' | undefined {
	return GENDERS.get(headerKey(item));
}

const LANGUAGES = new Map<string, string>([
	...['fr', 'francais', 'french', 'fra', 'fre'].map((k) => [k, 'fr'] as const),
	...['en', 'anglais', 'english', 'eng'].map((k) => [k, 'en'] as const),
	...['es', 'espagnol', 'spanish', 'espanol', 'spa'].map((k) => [k, 'es'] as const),
	...['ar', 'arabe', 'arabic', 'ara'].map((k) => [k, 'ar'] as const),
	...['ht', 'creole', 'creole_haitien', 'haitian_creole', 'kreyol'].map((k) => [k, 'ht'] as const),
	...['zh', 'chinois', 'chinese', 'mandarin', 'cantonais', 'cantonese'].map((k) => [k, 'zh'] as const),
	...['vi', 'vietnamien', 'vietnamese'].map((k) => [k, 'vi'] as const),
	...['pt', 'portugais', 'portuguese'].map((k) => [k, 'pt'] as const),
	...['it', 'italien', 'italian'].map((k) => [k, 'it'] as const),
	...['fa', 'persan', 'farsi', 'persian'].map((k) => [k, 'fa'] as const),
	...['tl', 'tagalog', 'filipino'].map((k) => [k, 'tl'] as const),
	...['iu', 'inuktitut'].map((k) => [k, 'iu'] as const),
	...['cr', 'cri', 'cree'].map((k) => [k, 'cr'] as const),
	...['asl', 'lsq', 'langue_des_signes', 'sign_language', 'langue_des_signes_quebecoise'].map((k) => [k, 'sgn'] as const)
]);

/**
 * `français` → `fr`, `Anglais` → `en`; any other two-letter ISO 639-1 code is taken as it is
 * (the interfaces name it through `Intl.DisplayNames`). Undefined for anything else.
 */
export function parseLanguage(item: string): string | undefined {
	const key = headerKey(item);
	return LANGUAGES.get(key) ?? (/^[a-z]{2}$/.test(key) ? key : undefined);
}

/**
 * An age range: `12-25`, `12–25 ans`, `12 à 25`, `12 to 25 years`, `18+`, `25 ans et plus`,
 * `65 and over`. `tous âges` / `all ages` is no restriction ([null, null]).
 *
 * @example parseAgeRange('12–25 ans') // [12, 25]
 * @example parseAgeRange('18+')       // [18, null]
 */
export function parseAgeRange(item: string): [number | null, number | null] | undefined {
	const key = headerKey(item);
	if (['all_ages', 'tous_ages', 'tout_age', 'tous_les_ages', 'any_age'].includes(key)) return [null, null];
	const range = /^(\d{1,3})_(?:a_|to_)?(\d{1,3})(?:_ans|_years(?:_old)?)?$/.exec(key);
	if (range) {
		const [lo, hi] = [Number(range[1]), Number(range[2])];
		return lo <= hi && hi <= 120 ? [lo, hi] : undefined;
	}
	const open = /^(\d{1,3})(?:_ans|_years)?(?:_et_plus|_and_over|_and_up|_ou_plus|_plus)?$/.exec(key);
	if (open && (/\+\s*$/.test(item) || key !== open[1])) return Number(open[1]) <= 120 ? [Number(open[1]), null] : undefined;
	return undefined;
}

const YES = new Set(['yes', 'y', 'oui', 'o', 'true', 'vrai', '1', 'x', 'membre', 'member']);
const NO = new Set(['no', 'n', 'non', 'false', 'faux', '0', 'non_membre', 'not_member']);

/** `oui`, `Yes`, `1` → true; `non`, `No`, `0` → false; undefined for anything else. */
export function parseYesNo(cell: string): boolean | undefined {
	const key = headerKey(cell);
	return YES.has(key) ? true : NO.has(key) ? false : undefined;
}

/**
 * A public website as a link that is safe to show: `https://…` or `http://…`, or a bare domain
 * (`www.example.org/jeunes` → `https://www.example.org/jeunes`). Any other scheme
 * (`javascript:`, `data:`) is refused.
 */
export function parseWebsite(cell: string): string | undefined {
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(cell) ? cell : /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+([/?#]|$)/u.test(cell) ? `https://${cell}` : '';
	try {
		const url = new URL(withScheme);
		return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') ? url.href : undefined;
	} catch {
		return undefined;
	}
}

/** `info@example.org` as written; undefined when it is not an e-mail address. */
export function parseEmail(cell: string): string | undefined {
	return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]+$/.test(cell) ? cell : undefined;
}

/** A phone number as written (`514 555-0101 poste 22`) when it has 7 to 15 digits and nothing but phone characters. */
export function parsePhone(cell: string): string | undefined {
	const digits = cell.replace(/\D/g, '').length;
	return /^[+\d\s().\-/]+(?:\s*(?:poste|ext\.?|x|#)\s*\d+)?$/i.test(cell) && digits >= 7 && digits <= 20 ? cell : undefined;
}
