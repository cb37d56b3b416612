import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Writes a file of at least `target` bytes by repeating the data rows of a survey CSV with new
 * respondent ids (`R12` of copy 3 becomes `C3-R12`), so a 1 GB file costs no more memory than one
 * line. Returns the bytes written and the data rows.
 */
export async function writeRepeated(src: string, dst: string, target: number): Promise<{ bytes: number; rows: number }> {
	const lines: string[] = [];
	for await (const l of createInterface({ input: createReadStream(src, 'utf8'), crlfDelay: Infinity })) if (l) lines.push(l);
	const [head, ...data] = lines;
	const out = createWriteStream(dst);
	let bytes = 0, rows = 0;
	const write = (s: string) => {
		bytes += Buffer.byteLength(s);
		return out.write(s) ? Promise.resolve() : new Promise<void>((ok) => out.once('drain', () => ok()));
	};
	await write(head + '\n');
	for (let copy = 1; bytes < target; copy++) {
		let chunk = '';
		for (const l of data) {
			chunk += `C${copy}-${l}\n`;
			rows++;
			if (chunk.length > 1 << 20) { await write(chunk); chunk = ''; }
		}
		if (chunk) await write(chunk);
	}
	await new Promise<void>((ok) => out.end(() => ok()));
	return { bytes, rows };
}
