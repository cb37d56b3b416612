/**
 * Copies of column chunks kept by a writer until its next commit, in buffers used again from one
 * commit to the next: a load's columns fill the same arrays chunk after chunk, and fresh memory
 * for every chunk (7 MB a chunk for 58 columns) would cost a page fault every 4 kB.
 */
export class ChunkCopies {
	private readonly free: Buffer[] = [];
	private readonly kept: Buffer[] = [];

	/** A copy of the chunk's bytes, valid until `release`. */
	copy(data: Float64Array | Int32Array): Buffer {
		const n = data.byteLength;
		let b = this.free.pop();
		// The first chunks are whole ones: their buffers fit every later chunk.
		if (!b || b.length < n) b = Buffer.allocUnsafeSlow(n);
		this.kept.push(b);
		const out = b.subarray(0, n);
		out.set(new Uint8Array(data.buffer, data.byteOffset, n));
		return out;
	}

	/** The copies are written: their buffers serve the next chunks. */
	release(): void {
		this.free.push(...this.kept);
		this.kept.length = 0;
	}
}
