/**
 * A chart's SVG rasterised on the server at 2× or 4×, on white or transparent, with resvg
 * compiled to WebAssembly (@resvg/resvg-wasm: no native binary, no system fonts read). Text is
 * drawn with Liberation Sans, shipped in `app/lib/exports/fonts/` (SIL Open Font Licence, see
 * LICENSE.txt there), so a PNG looks the same on a server without fonts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

export const PNG_SCALES = [2, 4] as const;
export type PngScale = (typeof PNG_SCALES)[number];
export const PNG_BACKGROUNDS = ['white', 'transparent'] as const;
export type PngBackground = (typeof PNG_BACKGROUNDS)[number];

const FONT_FILES = ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf'];

/**
 * The fonts' folder: beside this module in the sources; from the build (whose chunks sit
 * elsewhere), the first parent folder that holds `app/lib/exports/fonts`.
 */
function fontDir(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		for (const candidate of [join(dir, 'fonts'), join(dir, 'app/lib/exports/fonts')])
			if (existsSync(join(candidate, FONT_FILES[0]!))) return candidate;
		const up = dirname(dir);
		if (up === dir) throw new Error(`the export fonts (${FONT_FILES.join(', ')}) are missing: app/lib/exports/fonts/`);
		dir = up;
	}
}

let ready: Promise<Uint8Array[]> | null = null;
/** Compiles the WebAssembly module and reads the fonts once per process. */
function setup(): Promise<Uint8Array[]> {
	ready ??= (async () => {
		const wasm = readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm'));
		await initWasm(wasm);
		const dir = fontDir();
		return FONT_FILES.map((name) => new Uint8Array(readFileSync(join(dir, name))));
	})();
	ready.catch(() => (ready = null));
	return ready;
}

export async function svgToPng(svg: string, opts: { scale: PngScale; background: PngBackground }): Promise<{ png: Uint8Array; width: number; height: number }> {
	const fontBuffers = await setup();
	const resvg = new Resvg(svg, {
		fitTo: { mode: 'zoom', value: opts.scale },
		...(opts.background === 'white' ? { background: '#ffffff' } : {}),
		font: { fontBuffers, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans', defaultFontSize: 12 },
		shapeRendering: 2,
		textRendering: 1
	});
	try {
		const image = resvg.render();
		try {
			return { png: image.asPng(), width: image.width, height: image.height };
		} finally {
			image.free();
		}
	} finally {
		resvg.free();
	}
}
