/**
 * Reading a PowerPoint package back in tests: its parts, the slides' and notes' text, each
 * chart's numbers (`<c:val>` caches and custom error bars) and its embedded workbook's cells.
 */
import JSZip from 'jszip';

export interface ChartPart {
	path: string;
	xml: string;
	kind: 'bar' | 'line' | 'other';
	/** Per series: its name and the numbers of its value cache by point index (a missing point stays undefined). */
	series: { name: string; values: (number | undefined)[]; plus: (number | undefined)[]; minus: (number | undefined)[] }[];
	/** The embedded workbook's sheet XML. */
	sheet: string;
}

export interface Package {
	files: string[];
	contentTypes: string;
	/** Each slide's XML, in order (slide1, slide2…). */
	slides: string[];
	/** Each slide's text (the `<a:t>` runs joined by a space, entities decoded). */
	slideText: string[];
	notesText: string[];
	charts: ChartPart[];
	/** Every part's text, and the embedded workbooks' parts, for "appears nowhere" checks. */
	everything: string;
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
export const textOf = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1]!)).join(' ');
const byNumber = (a: string, b: string) => Number(a.match(/(\d+)\.xml$/)![1]) - Number(b.match(/(\d+)\.xml$/)![1]);

function points(xml: string | undefined): (number | undefined)[] {
	const out: (number | undefined)[] = [];
	if (!xml) return out;
	const count = Number(xml.match(/<c:ptCount val="(\d+)"\/>/)?.[1] ?? 0);
	out.length = count;
	for (const m of xml.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/g)) out[Number(m[1])] = m[2] === '' ? Number.NaN : Number(m[2]);
	return out;
}

export async function readPptx(bytes: Uint8Array | ArrayBuffer): Promise<Package> {
	const zip = await JSZip.loadAsync(bytes);
	const files = Object.keys(zip.files).filter((f) => !zip.files[f]!.dir);
	const read = (f: string) => zip.file(f)!.async('string');
	const slidePaths = files.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).sort(byNumber);
	const slides = await Promise.all(slidePaths.map(read));
	const notesPaths = files.filter((f) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(f)).sort(byNumber);
	const notes = await Promise.all(notesPaths.map(read));
	let everything = '';
	for (const f of files) {
		if (f.endsWith('.xlsx')) {
			const book = await JSZip.loadAsync(await zip.file(f)!.async('uint8array'));
			for (const g of Object.keys(book.files)) if (!book.files[g]!.dir) everything += `\n${g}\n${await book.file(g)!.async('string')}`;
		} else if (/\.(xml|rels)$/.test(f)) everything += `\n${f}\n${await read(f)}`;
	}
	const charts: ChartPart[] = [];
	// Charts in the order of the slides that hold them.
	for (const s of slidePaths) {
		const rels = await read(s.replace('slides/', 'slides/_rels/') + '.rels');
		for (const m of rels.matchAll(/Target="(?:\.\.\/|\/ppt\/)charts\/(chart\d+\.xml)"/g)) {
			const path = `ppt/charts/${m[1]}`;
			const xml = await read(path);
			const chartRels = await read(`ppt/charts/_rels/${m[1]}.rels`);
			const book = chartRels.match(/embeddings\/([^"]+\.xlsx)"/)![1]!;
			const wb = await JSZip.loadAsync(await zip.file(`ppt/embeddings/${book}`)!.async('uint8array'));
			const sheet = await wb.file('xl/worksheets/sheet1.xml')!.async('string');
			const series = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((ser) => ({
				name: decode(ser[1]!.match(/<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/)?.[1] ?? ''),
				values: points(ser[1]!.match(/<c:val>([\s\S]*?)<\/c:val>/)?.[1]),
				plus: points(ser[1]!.match(/<c:plus>([\s\S]*?)<\/c:plus>/)?.[1]),
				minus: points(ser[1]!.match(/<c:minus>([\s\S]*?)<\/c:minus>/)?.[1])
			}));
			charts.push({ path, xml, kind: xml.includes('<c:barChart>') ? 'bar' : xml.includes('<c:lineChart>') ? 'line' : 'other', series, sheet });
		}
	}
	return { files, contentTypes: await read('[Content_Types].xml'), slides, slideText: slides.map(textOf), notesText: notes.map(textOf), charts, everything };
}
