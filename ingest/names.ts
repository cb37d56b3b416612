/**
 * Area-name matching. Analysts type area names every way there is ("Cote des Neiges - NDG",
 * "ST-LAURENT", "L’Ile-Bizard-Ste-Genevieve"), and Montreal's own files disagree with its official
 * names (plain hyphen where the official name has an en dash). Names are therefore compared through
 * a normalisation key, and near misses come back as suggestions instead of silently wrong areas.
 */

/** Letters that NFD does not decompose but that people routinely spell out. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };

/** Abbreviated tokens that stand for a whole word in place names. */
const ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte' };

/**
 * The key two spellings of one name share: lower case, accents stripped (NFD, then combining
 * marks removed), every run of punctuation or whitespace (hyphen, en dash, em dash, apostrophes
 * ' ’ ‘ `, dots, spaces around a dash, …) turned into one space, and "St"/"Ste" spelled out.
 *
 * @example
 * nameKey('Côte-des-Neiges–Notre-Dame-de-Grâce')  // 'cote des neiges notre dame de grace'
 * nameKey('Cote des Neiges - Notre Dame de Grace') // 'cote des neiges notre dame de grace'
 * nameKey('L’Ile-Bizard-Ste-Genevieve')           // 'l ile bizard sainte genevieve'
 * nameKey('ST-LAURENT')                            // 'saint laurent'
 * nameKey("Baie-d'Urfé")                           // 'baie d urfe'
 */
export function nameKey(s: string): string {
	const folded = s
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/[œæßøłđ]/g, (c) => LIGATURES[c] ?? c);
	return folded
		.split(/[^\p{L}\p{N}]+/u)
		.filter((token) => token !== '')
		.map((token) => ABBREVIATIONS[token] ?? token)
		.join(' ');
}

/** One name a free-text input may refer to; `key` is `nameKey(name)`, usually stored with it. */
export interface NameCandidate {
	name: string;
	key: string;
}

export interface NameMatch {
	/** The candidate whose key equals the input's key, if any. */
	match?: string;
	/** Without a match: up to 3 near candidates, nearest first. Empty when there is a match. */
	suggestions: string[];
}

const MAX_SUGGESTIONS = 3;

/** Share of the shorter key's length that may differ and still count as a near miss. */
const RELATIVE_DISTANCE = 0.3;

/** Containment only counts for inputs at least this long, so "e" or "st" suggest nothing. */
const MIN_CONTAINED_LENGTH = 4;

/** Exact-match lookup tables, built once per candidate array (matchName runs once per row). */
const exactIndex = new WeakMap<readonly NameCandidate[], Map<string, string>>();

function indexOf(candidates: readonly NameCandidate[]): Map<string, string> {
	let index = exactIndex.get(candidates);
	if (!index) {
		index = new Map(candidates.map((c) => [c.key, c.name]));
		exactIndex.set(candidates, index);
	}
	return index;
}

/**
 * Finds which candidate a free-text area name refers to. An exact key match wins; otherwise the
 * candidates within a small edit distance of the input (at most 30% of the shorter key, at least
 * one edit), or that contain the input or are contained in it as whole words, are suggested,
 * ranked by edit distance.
 *
 * Candidate arrays are indexed once (cached per array), so calling this for each of a million
 * rows with the same array is cheap when names match exactly.
 *
 * @example
 * matchName('Montreal Nord', areas)  // { match: 'Montréal-Nord', suggestions: [] }
 * matchName('Montral-Nord', areas)   // { suggestions: ['Montréal-Nord'] }
 * matchName('Plateau', areas)        // { suggestions: ['Le Plateau-Mont-Royal'] }
 * matchName('Arrondissement de Verdun', areas) // { suggestions: ['Verdun'] }
 * matchName('xyz', areas)            // { suggestions: [] }
 */
export function matchName(input: string, candidates: readonly NameCandidate[]): NameMatch {
	const key = nameKey(input);
	if (key === '') return { suggestions: [] };
	const exact = indexOf(candidates).get(key);
	if (exact !== undefined) return { match: exact, suggestions: [] };

	const near: { name: string; distance: number }[] = [];
	for (const c of candidates) {
		const distance = editDistance(key, c.key);
		const limit = Math.max(1, Math.floor(RELATIVE_DISTANCE * Math.min(key.length, c.key.length)));
		if (distance <= limit || containsWords(c.key, key) || containsWords(key, c.key)) {
			near.push({ name: c.name, distance });
		}
	}
	near.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name, 'fr'));
	return { suggestions: near.slice(0, MAX_SUGGESTIONS).map((n) => n.name) };
}

/** Whether `inner` appears in `outer` as a run of whole words ("plateau" in "le plateau mont royal"). */
function containsWords(outer: string, inner: string): boolean {
	return inner.length >= MIN_CONTAINED_LENGTH && ` ${outer} `.includes(` ${inner} `);
}

/**
 * Optimal string alignment distance (Damerau–Levenshtein restricted to non-overlapping
 * transpositions): insertions, deletions, substitutions and swaps of adjacent characters
 * each cost 1.
 *
 * @example
 * editDistance('montral nord', 'montreal nord') // 1
 * editDistance('anjuo', 'anjou')                // 1 (one transposition)
 */
export function editDistance(a: string, b: string): number {
	const m = a.length;
	const n = b.length;
	if (m === 0) return n;
	if (n === 0) return m;
	// Three rolling rows: two back (for transpositions), previous, current.
	let before = new Array<number>(n + 1).fill(0);
	let prev = Array.from({ length: n + 1 }, (_, j) => j);
	let curr = new Array<number>(n + 1).fill(0);
	for (let i = 1; i <= m; i++) {
		curr[0] = i;
		for (let j = 1; j <= n; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let d = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				d = Math.min(d, before[j - 2]! + 1);
			}
			curr[j] = d;
		}
		[before, prev, curr] = [prev, curr, before];
	}
	return prev[n]!;
}
