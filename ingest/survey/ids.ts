import { BlockList } from './blocks';

/**
 * Duplicate respondent ids, found in bounded memory: a Set of every id of a 1 GB file would hold
 * millions of strings (hundreds of MB), so each id is kept as a 53-bit hash, 8 bytes, at its row's
 * position. Rows whose hashes collide are candidates; the caller checks their ids for real
 * (`confirm`), so a hash collision never reports a false duplicate.
 */
export class RespondentIds {
	private readonly keys = new BlockList((n) => new Float64Array(n));

	private static hash(s: string): number {
		// FNV-1a (32 bits) and a second multiplicative hash, combined into 53 bits.
		let a = 0x811c9dc5, b = 0x9747b28c;
		for (let i = 0; i < s.length; i++) {
			const c = s.charCodeAt(i);
			a = Math.imul(a ^ c, 0x01000193);
			b = Math.imul(b ^ c, 0x5bd1e995);
			b ^= b >>> 15;
		}
		return (a >>> 0) * 2 ** 21 + ((b >>> 0) >>> 11);
	}

	/** The id of the next row (rows are numbered from 0 in the order they are added). */
	add(id: string): void {
		this.keys.push(RespondentIds.hash(id));
	}

	get size(): number {
		return this.keys.length;
	}

	/** Rows (0-based positions) that may share an id, hash collisions included, in order. */
	candidates(): number[] {
		const sorted = this.keys.toArray().sort();
		const dup = new Set<number>();
		for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) dup.add(sorted[i]!);
		if (dup.size === 0) return [];
		const out: number[] = [];
		for (let i = 0; i < this.keys.length; i++) if (dup.has(this.keys.get(i))) out.push(i);
		return out;
	}

	/**
	 * The true duplicates among the candidate rows, given each candidate's id and file line: for
	 * every id seen more than once, the line where it first appears and each later line.
	 */
	static confirm(rows: { line: number; id: string }[]): { id: string; line: number; first: number }[] {
		const first = new Map<string, number>();
		const out: { id: string; line: number; first: number }[] = [];
		for (const r of [...rows].sort((x, y) => x.line - y.line)) {
			const f = first.get(r.id);
			if (f === undefined) first.set(r.id, r.line);
			else out.push({ id: r.id, line: r.line, first: f });
		}
		return out;
	}
}
