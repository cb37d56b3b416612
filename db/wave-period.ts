/**
 * What a wave label means in time, so that waves are ordered by date and not as text ("2024-Q4"
 * sorts after "2025" as text). A wave is the label an analyst gives a file ("2024", "2024-Q4",
 * "hiver 2024") or the one ingestion derives from its dates ("2024-01..2024-12").
 *
 *   parseWavePeriod('2024-Q4')            // { start: '2024-10-01', end: '2024-12-31' }
 *   parseWavePeriod('hiver 2024')         // { start: '2024-01-01', end: '2024-03-31' }
 *   parseWavePeriod('2024-01..2024-06')   // { start: '2024-01-01', end: '2024-06-30' }
 *   parseWavePeriod('vague B')            // null: ordered by its data's dates or load date instead
 *
 * Pure: no database, no locale. Used by the repositories that list waves and by the pages that
 * show a wave's period in words.
 */

/** A span of days, both ends included, as ISO dates (YYYY-MM-DD): they compare as text. */
export interface WavePeriod {
	start: string;
	end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const months = (y: number, from: number, to: number): WavePeriod => ({ start: `${y}-${pad(from)}-01`, end: `${y}-${pad(to)}-${pad(lastDay(y, to))}` });
const validYear = (y: number) => y >= 1900 && y <= 2199;

/** Month names and abbreviations, French and English, without accents or final dot. */
const MONTH_NAMES: Record<string, number> = {
	janvier: 1, janv: 1, january: 1, jan: 1, fevrier: 2, fevr: 2, fev: 2, february: 2, feb: 2, mars: 3, march: 3, mar: 3,
	avril: 4, avr: 4, april: 4, apr: 4, mai: 5, may: 5, juin: 6, june: 6, jun: 6, juillet: 7, juil: 7, july: 7, jul: 7,
	aout: 8, august: 8, aug: 8, septembre: 9, sept: 9, september: 9, sep: 9, octobre: 10, october: 10, oct: 10,
	novembre: 11, november: 11, nov: 11, decembre: 12, december: 12, dec: 12
};

/**
 * Seasons as the quarter of the calendar year they fall mostly in: "hiver 2024" / "winter 2024"
 * is January–March 2024 (a survey's winter collection, as Canadian academic and statistical
 * calendars name it), then spring, summer and fall.
 */
const SEASONS: Record<string, number> = { hiver: 1, winter: 1, printemps: 2, spring: 2, ete: 3, summer: 3, automne: 4, fall: 4, autumn: 4 };

/** Lower case, accents and abbreviation dots removed, spaces squeezed: "Été 2024" → "ete 2024", "janv. 2024" → "janv 2024". */
function simplify(label: string): string {
	return label.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/([a-z])\.(?!\.)/g, '$1').replace(/\s+/g, ' ').trim();
}

/** One point or stretch of time written on its own: a year, month, day, quarter, half, season or named month. */
function parseOne(s: string): WavePeriod | null {
	let m: RegExpExecArray | null;
	if ((m = /^(\d{4})$/.exec(s))) {
		const y = Number(m[1]);
		return validYear(y) ? months(y, 1, 12) : null;
	}
	if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
		const [y, mo] = [Number(m[1]), Number(m[2])];
		return validYear(y) && mo >= 1 && mo <= 12 ? months(y, mo, mo) : null;
	}
	if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
		const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
		return validYear(y) && mo >= 1 && mo <= 12 && d >= 1 && d <= lastDay(y, mo) ? { start: s, end: s } : null;
	}
	// Quarters (Q, or T for "trimestre") and halves (S for "semestre", H for "half"), year first or last.
	if ((m = /^(\d{4}) ?[-/ ]? ?([qtsh])([1-4])$/.exec(s) ?? /^([qtsh])([1-4]) ?[-/ ]? ?(\d{4})$/.exec(s))) {
		const yearFirst = /^\d/.test(m[1]!);
		const y = Number(yearFirst ? m[1] : m[3]);
		const kind = yearFirst ? m[2]! : m[1]!;
		const n = Number(yearFirst ? m[3] : m[2]);
		if (!validYear(y)) return null;
		if (kind === 'q' || kind === 't') return months(y, 3 * n - 2, 3 * n);
		return n <= 2 ? months(y, 6 * n - 5, 6 * n) : null;
	}
	// "hiver 2024", "2024 winter", "mars 2024", "March 2024".
	if ((m = /^([a-z]+) (\d{4})$/.exec(s) ?? /^(\d{4}) ([a-z]+)$/.exec(s))) {
		const word = /^\d/.test(m[1]!) ? m[2]! : m[1]!;
		const y = Number(/^\d/.test(m[1]!) ? m[1] : m[2]);
		if (!validYear(y)) return null;
		if (word in SEASONS) return months(y, 3 * SEASONS[word]! - 2, 3 * SEASONS[word]!);
		if (word in MONTH_NAMES) return months(y, MONTH_NAMES[word]!, MONTH_NAMES[word]!);
	}
	return null;
}

/**
 * The period a wave label names, or null when it names none ("vague B", "pilot"). Ranges are
 * written "A..B" (as ingestion writes the months of an incident file), "A – B" or, for years,
 * "2023-2024". Words around exactly one year ("Enquête 2023") name that year.
 */
export function parseWavePeriod(label: string): WavePeriod | null {
	const s = simplify(label);
	const one = parseOne(s);
	if (one) return one;
	const range = /^(.+?) ?(?:\.\.|–|—| - | to | au | a |\/) ?(.+)$/.exec(s) ?? /^(\d{4})-(\d{4})$/.exec(s);
	if (range) {
		const [left, right] = [range[1]!.trim(), range[2]!.trim()];
		// "janv.–déc. 2024": the year written once, at the end, is the left side's too.
		const year = /^[a-z]+$/.test(left) ? / (\d{4})$/.exec(right)?.[1] : undefined;
		const a = parseOne(year ? `${left} ${year}` : left), b = parseOne(right);
		if (a && b && a.start <= b.end) return { start: a.start, end: b.end };
	}
	// Words around one year ("Enquête 2023"), not a malformed date or quarter ("2024-13", "2024-Q5").
	const years = s.match(/(?<!\d)(19\d{2}|2[01]\d{2})(?!\d)/g);
	return years?.length === 1 && /[a-z]{2,}/.test(s) ? parseOne(years[0]!) : null;
}

/** What is known of one wave to place it in time. */
export interface WaveDates {
	wave: string;
	/** The span of its data's own dates (incident months, walk or mapping dates), when the data has them. */
	dataPeriod: WavePeriod | null;
	/** When its first file still loaded was loaded (ISO 8601): the last resort. */
	loadedAt: string;
}

/**
 * The period that places a wave in time: its data's own dates, else what its label says, else
 * the day it was loaded.
 */
export function wavePeriod(w: WaveDates): WavePeriod {
	return w.dataPeriod ?? parseWavePeriod(w.wave) ?? { start: w.loadedAt.slice(0, 10), end: w.loadedAt.slice(0, 10) };
}

/**
 * Waves oldest first: by the end of their period, then its start ("2024" before "2024-Q4": the
 * year began earlier), then load time, then label (numbers in labels compared as numbers).
 */
export function orderWaves<T extends WaveDates>(waves: readonly T[]): T[] {
	const keyed = waves.map((w) => ({ w, p: wavePeriod(w) }));
	keyed.sort((a, b) =>
		a.p.end.localeCompare(b.p.end) || a.p.start.localeCompare(b.p.start) || a.w.loadedAt.localeCompare(b.w.loadedAt) ||
		a.w.wave.localeCompare(b.w.wave, 'en', { numeric: true })
	);
	return keyed.map((k) => k.w);
}
