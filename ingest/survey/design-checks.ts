import type { IngestIssue } from '../report';

const EXAMPLES = 10;
/** Past this many distinct PSUs the checks stop tracking new ones (memory stays bounded on any file). */
const MAX_TRACKED = 500_000;

/**
 * The sample design as the rows show it, checked once the file is read: PSU ids that occur in
 * more than one stratum, and strata with a single PSU (whose variance cannot be estimated from
 * within the stratum). Without a PSU column each respondent is its own PSU, so a stratum with one
 * respondent is a stratum with one PSU.
 */
export class DesignChecks {
	/** PSU id → the first stratum it was seen in. */
	private readonly psuStratum = new Map<string, string>();
	/** PSU ids seen in a second stratum, with the strata. */
	private readonly crossing = new Map<string, Set<string>>();
	/** Stratum → number of distinct PSUs (or respondents, without PSUs). */
	private readonly perStratum = new Map<string, number>();
	private readonly pairs = new Set<string>();
	private tracking = true;

	add(stratum: string | null, psu: string | null): void {
		if (stratum === null) return;
		if (psu === null) {
			this.perStratum.set(stratum, (this.perStratum.get(stratum) ?? 0) + 1);
			return;
		}
		const pair = `${stratum}\u0000${psu}`;
		if (this.pairs.has(pair) || !this.tracking) return;
		if (this.pairs.size >= MAX_TRACKED) {
			this.tracking = false;
			return;
		}
		this.pairs.add(pair);
		this.perStratum.set(stratum, (this.perStratum.get(stratum) ?? 0) + 1);
		const first = this.psuStratum.get(psu);
		if (first === undefined) this.psuStratum.set(psu, stratum);
		else if (first !== stratum) {
			const set = this.crossing.get(psu) ?? new Set([first]);
			set.add(stratum);
			this.crossing.set(psu, set);
		}
	}

	warnings(columns: { stratum: string; psu: string }): IngestIssue[] {
		const out: IngestIssue[] = [];
		if (this.crossing.size > 0) {
			const [psu, strata] = this.crossing.entries().next().value as [string, Set<string>];
			out.push({ line: null, column: columns.psu, value: psu, code: 'psu_in_several_strata',
				params: { count: this.crossing.size, psu, strata: [...strata].slice(0, 3).join(', ') + (strata.size > 3 ? ', …' : '') }, hint: { code: 'nest_psu' } });
		}
		const lonely = [...this.perStratum].filter(([, n]) => n === 1).map(([s]) => s);
		if (lonely.length > 0 && this.perStratum.size > 0)
			out.push({ line: null, column: columns.stratum, value: lonely[0]!, code: 'stratum_single_psu',
				params: { count: lonely.length, strata: lonely.slice(0, EXAMPLES).join(', '), total: this.perStratum.size },
				hint: { code: 'lonely_psu', params: { options: 'fail, remove, certainty, adjust, average', default: 'certainty' } } });
		return out;
	}
}
