/**
 * Survey items checked against what the indicator catalog declares for them: an answer must be
 * one of the item's codes (or a number in its range), or a code read as "no answer". Ingest
 * does not read the catalog itself: the interfaces hand it each item's domain (`ItemDomain`).
 */
import type { SurveyMapping } from '../column-mapping';
import type { IngestIssue, IngestIssueCode } from '../report';
import { canonicalValue, parseNumber } from './schema';

/** What the catalog accepts for one item. */
export interface ItemDomain {
	/** Codes an answer may take: the valid codes of a proportion, the categories of a distribution. */
	codes: string[];
	/** A numeric answer within [min, max] (a mean's item). */
	range?: { min: number; max: number };
	/** Codes read as "no answer" (8 don't know, 9 refused, 99…): accepted, left out of estimates. */
	missing: string[];
}

/** The survey convention for "don't know" and "refused / no answer" codes of coded items. */
export const CONVENTIONAL_MISSING = ['8', '9', '99'];

type Verdict =
	/** `extra`: a "no answer" the mapping declares that the catalog does not list. */
	| { ok: true; value: string | undefined; extra?: boolean }
	| { ok: false; code: IngestIssueCode; params?: Record<string, string | number>; suggestion?: string; hint?: IngestIssue['hint'] };

const isNumeric = (s: string) => parseNumber(s) !== undefined;

/** The codes expected, and those read as no answer ("—" for none): `{ expected: '1, 2, 3, 4', missing: '8, 9, 99' }`. */
function expectedParams(d: ItemDomain): { expected: string; missing: string } {
	const shown = d.range ? [`${d.range.min}–${d.range.max}`, ...d.codes] : d.codes;
	return { expected: shown.join(', '), missing: d.missing.length ? d.missing.join(', ') : '—' };
}

/** The declared code the value means, if it is the same number written differently ("01", "1.0") or a yes/no word. */
function nearCode(v: string, d: ItemDomain): string | undefined {
	const n = parseNumber(v);
	if (n !== undefined) return [...d.codes, ...d.missing].find((c) => parseNumber(c) === n);
	const word = canonicalValue(v);
	return word !== v && d.codes.includes(word) ? word : undefined;
}

/**
 * The verdict on one answer (after the mapping's codes): accepted as a code or a number in range,
 * accepted as "no answer", or an error saying what was expected and, where it can be told, which
 * code was meant.
 */
export function judgeAnswer(item: string, v: string, d: ItemDomain, declaredMissing: readonly string[] | null): Verdict {
	if (v === '') return { ok: true, value: undefined };
	const n = parseNumber(v);
	const inRange = d.range !== undefined && n !== undefined && n >= d.range.min && n <= d.range.max;
	const declared = d.codes.includes(v) || d.missing.includes(v) || inRange;
	if (declaredMissing?.includes(v)) return { ok: true, value: undefined, extra: !declared };
	if (declared) return { ok: true, value: v };
	const numericItem = d.range !== undefined || (d.codes.length > 0 && d.codes.every(isNumeric));
	if (!numericItem && d.codes.includes(canonicalValue(v))) return { ok: true, value: canonicalValue(v) };
	const near = nearCode(v, d);
	const hint: IngestIssue['hint'] = { code: near ? 'map_item_value' : 'declare_missing', params: { item, value: v, code: near ?? '' } };
	const suggestion = near ? { suggestion: near } : {};
	if (d.range && n !== undefined)
		return { ok: false, code: 'item_out_of_range', params: { min: d.range.min, max: d.range.max, missing: expectedParams(d).missing }, hint };
	const code: IngestIssueCode = numericItem && n === undefined ? 'item_not_code' : 'item_code_unknown';
	return { ok: false, code, params: expectedParams(d), ...suggestion, hint };
}

/**
 * The items of one file with their domains, and a memo of verdicts per item (a column has a
 * handful of distinct answers: each is judged once).
 */
export class ItemChecker {
	private readonly memo: Map<string, Verdict>[];
	private readonly domains: (ItemDomain | undefined)[];
	private readonly missing: (readonly string[] | null)[];
	/** Answers the mapping declares missing although the catalog does not list them: per item and code, the count and first line. */
	readonly declaredMissing = new Map<string, { item: string; column: string; value: string; line: number; count: number }>();

	constructor(private readonly items: { name: string; header: string }[], mapping: SurveyMapping, domains: Record<string, ItemDomain> | undefined) {
		this.domains = items.map((it) => (domains && Object.hasOwn(domains, it.name) ? domains[it.name] : undefined));
		this.memo = items.map(() => new Map());
		const global = Array.isArray(mapping.missing) ? mapping.missing : null;
		this.missing = items.map((it) => global ?? (mapping.missing as Record<string, string[]>)[it.name] ?? null);
	}

	/**
	 * The value stored for item k's answer `v` (undefined: no answer), or null after reporting
	 * the answer's problem. Items the catalog does not describe are kept as they are (words as codes).
	 */
	check(k: number, v: string, line: number, report: (i: IngestIssue) => void): string | undefined | null {
		const d = this.domains[k];
		const missing = this.missing[k];
		if (!d) return v === '' || missing?.includes(v) ? undefined : canonicalValue(v);
		let verdict = this.memo[k]!.get(v);
		if (!verdict) {
			verdict = judgeAnswer(this.items[k]!.name, v, d, missing ?? null);
			if (this.memo[k]!.size < 1000) this.memo[k]!.set(v, verdict);
		}
		if (verdict.ok) {
			if (verdict.extra) this.noteDeclared(k, v, line);
			return verdict.value;
		}
		const { ok: _ok, ...issue } = verdict;
		report({ line, column: this.items[k]!.header, value: v, ...issue });
		return null;
	}

	private noteDeclared(k: number, v: string, line: number): void {
		const key = `${k}\u0000${v}`;
		const seen = this.declaredMissing.get(key);
		if (seen) seen.count++;
		else if (this.declaredMissing.size < 100) this.declaredMissing.set(key, { item: this.items[k]!.name, column: this.items[k]!.header, value: v, line, count: 1 });
	}

	/** One warning per item and code that the mapping made "no answer" although the catalog does not list it. */
	warnings(): IngestIssue[] {
		return [...this.declaredMissing.values()].map((m) => ({ line: m.line, column: m.column, value: m.value, code: 'item_code_declared_missing' as const,
			params: { count: m.count, item: m.item } }));
	}
}
