/**
 * A growing list of numbers kept in fixed blocks of typed arrays: appending never copies what is
 * there (a doubling array would briefly hold 1.5 times its size), so a 3-million-row file costs
 * exactly its bytes per row.
 */
export class BlockList<T extends Float64Array | Float32Array> {
	private readonly blocks: T[] = [];
	private n = 0;
	constructor(private readonly make: (n: number) => T, private readonly blockSize = 1 << 18) {}

	push(v: number): void {
		const b = this.n % this.blockSize;
		if (b === 0) this.blocks.push(this.make(this.blockSize));
		this.blocks[this.blocks.length - 1]![b] = v;
		this.n++;
	}

	get(i: number): number {
		return this.blocks[Math.floor(i / this.blockSize)]![i % this.blockSize]!;
	}

	get length(): number {
		return this.n;
	}

	/** One contiguous copy (to sort). */
	toArray(): T {
		const out = this.make(this.n);
		let at = 0;
		for (const b of this.blocks) {
			const take = Math.min(b.length, this.n - at);
			out.set(b.subarray(0, take), at);
			at += take;
		}
		return out;
	}
}
