/**
 * Number chunks kept as scaled integers give back every value exactly (Object.is), or are
 * refused (kept as doubles) when they could not.
 */
import { describe, expect, test } from 'vitest';
import { decodeDecimals, encodeDecimals } from '../../db/decimal-chunks';

function roundTrip(values: number[]): { scale: number | null; back: number[] | null } {
	const v = Float64Array.from(values);
	const ints = new Int32Array(v.length);
	const scale = encodeDecimals(v, ints);
	if (scale === null) return { scale, back: null };
	// Through bytes at an odd offset, as a Buffer from SQLite may come.
	const raw = new Uint8Array(ints.byteLength + 1);
	raw.set(new Uint8Array(ints.buffer), 1);
	const out = new Float64Array(v.length + 2);
	expect(decodeDecimals(raw.subarray(1), scale, out, 2)).toBe(v.length);
	return { scale, back: Array.from(out.subarray(2)) };
}

describe('decimal chunks', () => {
	test.each([
		[[205.67, 12, 0.5, 0], 2],
		[[1, 2, 3], 0],
		[[-1.25, 3.5], 2],
		[[0.001, 7], 3],
		[[21474836.47], 2]
	])('%j: scale %i, every value back exactly', (values, scale) => {
		const r = roundTrip(values);
		expect(r.scale).toBe(scale);
		r.back!.forEach((b, i) => expect(Object.is(b, values[i])).toBe(true));
	});

	test.each([[[1e-9]], [[1e300]], [[-0]], [[NaN]], [[0.1 + 0.2]], [[21474836.48]], [[1.5, 1e-7]], [[Infinity]]])(
		'%j: kept as doubles', (values) => expect(roundTrip(values).scale).toBeNull());

	test('100,000 random values with up to 4 decimals come back to the bit', () => {
		let seed = 11;
		const r = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
		const values = Array.from({ length: 100_000 }, () => {
			const d = Math.floor(r() * 5);
			return Number((r() * 2000 - 500).toFixed(d)) || 0; // no -0: it is kept as doubles
		});
		const { scale, back } = roundTrip(values);
		expect(scale).not.toBeNull();
		const wrong = values.filter((v, i) => !Object.is(v, back![i]));
		expect(wrong).toEqual([]);
	});
});
