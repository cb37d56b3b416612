/**
 * About how many bytes a value holds in memory, for the cache's bound: strings at two bytes a
 * character, numbers and booleans at eight, typed arrays and buffers at their length, plus a
 * little for each object and array. An object reached twice counts once. Walking a page's view
 * (some thousands of objects) takes well under a millisecond; the value is computed once per entry.
 */
const OBJECT = 32;

export function approximateBytes(value: unknown): number {
	const seen = new Set<object>();
	let bytes = 0;
	const stack: unknown[] = [value];
	while (stack.length) {
		const v = stack.pop();
		if (typeof v === 'string') bytes += 2 * v.length + 16;
		else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') bytes += 8;
		else if (v !== null && typeof v === 'object') {
			if (seen.has(v)) continue;
			seen.add(v);
			if (ArrayBuffer.isView(v)) bytes += v.byteLength + OBJECT;
			else if (v instanceof ArrayBuffer) bytes += v.byteLength;
			else if (v instanceof Map) {
				bytes += OBJECT;
				for (const [k, x] of v) stack.push(k, x);
			} else if (v instanceof Set) {
				bytes += OBJECT;
				for (const x of v) stack.push(x);
			} else if (Array.isArray(v)) {
				bytes += OBJECT + 8 * v.length;
				for (const x of v) stack.push(x);
			} else {
				bytes += OBJECT;
				for (const k in v) {
					bytes += 8;
					stack.push((v as Record<string, unknown>)[k]);
				}
			}
		}
	}
	return bytes;
}
