/**
 * The reading shortcuts give exactly what the general rules give: a plain decimal is the double
 * `Number()` makes of it, and a file parsed through the plain-line shortcut (whole or cut into
 * pieces anywhere) gives the records and lines of a straightforward RFC 4180 reading.
 */
import { describe, expect, test } from 'vitest';
import { plainDecimal } from '../../ingest/reader/number';
import { CsvParser, parseCsvText, type CsvRecord } from '../../ingest/reader/parser';
import { parseNumber } from '../../ingest/survey/schema';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('plainDecimal', () => {
	test.each([['205.67', 205.67], ['-0.5', -0.5], ['.5', 0.5], ['+3', 3], ['1.', 1], ['007', 7], ['0', 0], ['999999999999999', 999999999999999]])(
		'"%s" → %s', (s, v) => expect(plainDecimal(s, 46)).toBe(v));
	test('"-0" is negative zero, as Number() has it', () => expect(Object.is(plainDecimal('-0', 46), -0)).toBe(true));
	test.each(['', '-', '+', '.', '1e3', '1.2.3', '0x10', ' 1', '1 ', '1,5', '1234567890123456', 'Infinity'])(
		'"%s" is left to the general rules', (s) => expect(plainDecimal(s, 46)).toBeUndefined());
	test('with the decimal comma', () => {
		expect(plainDecimal('-12,25', 44)).toBe(-12.25);
		expect(plainDecimal('12.25', 44)).toBeUndefined();
	});
	test('100,000 random decimals read as Number() reads them, to the last bit', () => {
		const r = rng(17);
		let checked = 0;
		const wrong: string[] = [];
		for (let k = 0; k < 100_000; k++) {
			const digits = 1 + Math.floor(r() * 17);
			let s = '';
			for (let d = 0; d < digits; d++) s += String(Math.floor(r() * 10));
			const point = Math.floor(r() * (digits + 2)) - 1;
			if (point >= 0) s = s.slice(0, point) + '.' + s.slice(point);
			if (r() < 0.2) s = (r() < 0.5 ? '-' : '+') + s;
			const fast = plainDecimal(s, 46);
			if (digits > 15 ? fast !== undefined : !Object.is(fast, Number(s))) wrong.push(s);
			if (digits <= 15) checked++;
			if (!Object.is(parseNumber(s), Number(s))) wrong.push(`parseNumber ${s}`);
		}
		expect(wrong).toEqual([]);
		expect(checked).toBeGreaterThan(80_000);
	});
});

/** A plain reading of RFC 4180 text, one character at a time: the reference. */
function reference(text: string): { cells: string[]; line: number }[] {
	const out: { cells: string[]; line: number }[] = [];
	let cells: string[] = [], cell = '', quoted = false, line = 1, start = 1, i = 0;
	const endRecord = () => {
		cells.push(cell);
		out.push({ cells, line: start });
		cells = [];
		cell = '';
	};
	while (i < text.length) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
			if (c === '"') { quoted = false; i++; continue; }
			if (c === '\n') line++;
			cell += c;
			i++;
			continue;
		}
		if (c === '"') { quoted = true; i++; continue; }
		if (c === ',') { cells.push(cell); cell = ''; i++; continue; }
		if (c === '\r' || c === '\n') {
			i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
			endRecord();
			start = ++line;
			continue;
		}
		cell += c;
		i++;
	}
	if (cell !== '' || cells.length) endRecord();
	return out;
}

function randomCsv(r: () => number, eol: string): string {
	const field = () => {
		const x = r();
		if (x < 0.55) return String(Math.round(r() * 1e5) / 100);
		if (x < 0.65) return '';
		if (x < 0.75) return 'Montréal-Nord';
		if (x < 0.85) return '"a, b"';
		if (x < 0.92) return `"two${eol}lines"`;
		return '"say ""hi"""';
	};
	let text = '';
	for (let row = 0; row < 300; row++) {
		if (r() < 0.03) { text += eol; continue; }
		const width = 1 + Math.floor(r() * 8);
		text += Array.from({ length: width }, field).join(',') + eol;
	}
	return text;
}

function parseInPieces(text: string, cuts: number[]): CsvRecord[] {
	const records: CsvRecord[] = [];
	const p = new CsvParser(',', (rec) => records.push(rec), (i) => { throw new Error(`unexpected issue ${i.code} at line ${i.line}`); });
	let at = 0;
	for (const c of [...cuts, text.length]) {
		p.push(text.slice(at, c));
		at = c;
	}
	p.end();
	return records;
}

describe('the plain-line shortcut of the parser', () => {
	test.each([['LF', '\n'], ['CRLF', '\r\n']])('random files with %s line ends, whole and in random pieces, read as the reference reads them', (_, eol) => {
		const r = rng(eol.length);
		for (let file = 0; file < 20; file++) {
			const text = randomCsv(r, eol);
			const expected = reference(text);
			const whole = parseCsvText(text).records;
			expect(whole.map((x) => ({ cells: x.cells, line: x.line }))).toEqual(expected);
			const cuts = Array.from({ length: 30 }, () => Math.floor(r() * text.length)).sort((a, b) => a - b);
			expect(parseInPieces(text, cuts)).toEqual(whole);
		}
	});

	test('a quote, a NUL or a lone carriage return in a line goes to the full parser, which reports it', () => {
		const { records, issues } = parseCsvText('a,b\n1,x"y\n2,\0\n3,c\r4,d\n');
		expect(records.map((x) => [x.line, x.cells])).toEqual([[1, ['a', 'b']], [2, ['1', 'x"y']], [3, ['2', '\0']], [4, ['3', 'c']], [5, ['4', 'd']]]);
		expect(issues.map((i) => [i.line, i.code])).toEqual([[2, 'quote_in_unquoted_field'], [3, 'null_byte']]);
	});

	test('limits passed on a plain line are reported as by the full parser', () => {
		const limits = { maxRecordChars: 1000, maxFieldChars: 5, maxColumns: 3 };
		expect(() => parseCsvText('a,b\n123456,1\n', ',', limits)).toThrow(/field_too_long/);
		expect(() => parseCsvText('a,b\n1,2,3,4\n', ',', limits)).toThrow(/too_many_columns/);
		expect(parseCsvText('a,b,c\n12345,1,2\n', ',', limits).records).toHaveLength(2);
	});
});

describe('the numeric lane of the plain-line shortcut', () => {
	test('cells of the lane come as the numbers parseNumber reads (plain, non-negative) or as their text; other cells as text', () => {
		const r = rng(99);
		const values = ['205.67', '0.00', '12', '.5', '5.', '007', '-1.5', '+3', '1e3', '', ' 4', 'abc', '1234567890123456', '0,5', '999999999999999'];
		for (const mark of [46, 44] as const) {
			const decimal = mark === 44 ? ',' : '.';
			const delim = mark === 44 ? ';' : ',';
			const lines = Array.from({ length: 200 }, () => Array.from({ length: 6 }, (_, k) => (k === 0 ? `R${Math.floor(r() * 1e6)}` : values[Math.floor(r() * values.length)]!)).join(delim));
			const text = ['id;a;b;c;d;e'.replace(/;/g, delim), ...lines].join('\n') + '\n';
			const got: { cells: string[]; numbers: number[] | null }[] = [];
			const p = new CsvParser(delim, (rec) => got.push({ cells: rec.cells, numbers: rec.numbers ? [...rec.numbers] : null }), () => {});
			p.numeric = { columns: [false, true, true, true, true, false], mark };
			p.push(text);
			p.end();
			const plain = parseCsvText(text, delim).records;
			expect(got).toHaveLength(plain.length);
			got.forEach((g, i) => {
				const cells = plain[i]!.cells;
				expect(g.numbers, `line ${i + 1}`).not.toBeNull();
				cells.forEach((c, k) => {
					const lane = k >= 1 && k <= 4;
					const n = g.numbers![k]!;
					if (lane && n === n) {
						// Read as a number: exactly parseNumber's value, never negative, and no text.
						expect(Object.is(n, parseNumber(c, decimal)), `${c}`).toBe(true);
						expect(n >= 0 && g.cells[k] === '').toBe(true);
					} else {
						expect(g.cells[k]).toBe(c);
						// Left as text: not a plain non-negative decimal of 1 to 15 digits.
						const digits = c.replace(/\D/g, '').length;
						const plainShape = (mark === 46 ? /^\d*\.?\d*$/ : /^\d*,?\d*$/).test(c);
						if (lane) expect(plainShape && digits >= 1 && digits <= 15, c).toBe(false);
					}
				});
			});
		}
	});
});

test('a lane row shorter or longer than the header keeps its own width', () => {
	const got: string[][] = [];
	const p = new CsvParser(',', (rec) => got.push(rec.cells), () => {});
	p.numeric = { columns: [false, true, true], mark: 46 };
	p.push('a,1,2\nb,3\nc,4,5,x,y\n,\n');
	p.end();
	expect(got).toEqual([['a', '', ''], ['b', ''], ['c', '', '', 'x', 'y'], ['', '']]);
});
