/**
 * Number chunks stored as scaled 32-bit integers when that loses nothing: survey numbers are
 * written with a few decimals (weights `205.67`, replicate weights `432.99`), so each value v is
 * m / 10^k for a small integer m, and the chunk keeps m in 4 bytes instead of v in 8. The chunk's
 * scale k (0 to 6) is the smallest that gives back every value exactly: decoding computes
 * m / 10^k, which is correctly rounded (m and 10^k are exact doubles), so it is the very double
 * that was stored, and the encoder checks each value that way. A chunk with any value that does
 * not come back exactly (an exponent, many digits, -0, NaN) stays 8-byte doubles. Half the bytes
 * for a survey's replicate weights: half the disk writes of a load, half the reads of a page.
 */

const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
const MAX_SCALE = POW10.length - 1;
const LIMIT = 2 ** 31 - 1;

/** The smallest scale at which `v` comes back exactly from a 32-bit integer, or -1. */
function scaleOf(v: number): number {
	for (let k = 0; k <= MAX_SCALE; k++) {
		const m = Math.round(v * POW10[k]!);
		if (m > LIMIT || m < -LIMIT) return -1;
		if (m / POW10[k]! === v) return v === 0 && 1 / v < 0 ? -1 : k;
	}
	return -1;
}

/**
 * `values` as scaled integers written into `out` (at least as long), with their scale; null when
 * some value would not come back exactly. One pass: each value is checked at the scale found so
 * far; a value that needs a larger one raises it, and the integers already written are scaled up
 * with it (m·10^d over 10^(k+d) is the same quotient as m over 10^k, so it still comes back).
 *
 * @example encodeDecimals(Float64Array.of(205.67, 12, 0.5), out) // 2, out = [20567, 1200, 50]
 */
export function encodeDecimals(values: Float64Array, out: Int32Array): number | null {
	let scale = 0;
	let p = 1;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		const m = Math.round(v * p);
		if (m <= LIMIT && m >= -LIMIT && m / p === v && (v !== 0 || 1 / v > 0)) {
			out[i] = m;
			continue;
		}
		const k = scaleOf(v);
		// Not representable, or only at a smaller scale than the chunk's: too large once scaled up.
		if (k <= scale) return null;
		const up = POW10[k - scale]!;
		for (let j = 0; j < i; j++) {
			const w = out[j]! * up;
			if (w > LIMIT || w < -LIMIT) return null;
			out[j] = w;
		}
		scale = k;
		p = POW10[k]!;
		out[i] = Math.round(v * p);
	}
	return scale;
}

/** Decodes a chunk of scaled integers (the bytes as `encodeDecimals` wrote them) into `out` from `at`; returns the values written. */
export function decodeDecimals(bytes: Uint8Array, scale: number, out: Float64Array, at: number): number {
	const n = bytes.length >> 2;
	// A Buffer from SQLite need not be aligned for an Int32Array view: then an aligned copy.
	const ints = bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, n) : new Int32Array(bytes.slice().buffer, 0, n);
	const p = POW10[scale]!;
	for (let i = 0; i < n; i++) out[at + i] = ints[i]! / p;
	return n;
}
