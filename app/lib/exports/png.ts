/**
 * A chart's SVG rasterised on the server at 2× or 4×, on white or transparent, with resvg
 * (@resvg/resvg-js: the Rust renderer as a prebuilt Node addon that npm picks for the platform,
 * so nothing is compiled at start; resvg's WebAssembly build needs seconds of CPU before its
 * first picture). No system font is read: text is drawn with Liberation Sans, shipped in
 * `app/lib/exports/fonts/` (SIL Open Font Licence, see LICENSE.txt there), so a PNG looks the
 * same on a server without fonts.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

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

let fontFiles: string[] | null = null;

export async function svgToPng(svg: string, opts: { scale: PngScale; background: PngBackground }): Promise<{ png: Uint8Array; width: number; height: number }> {
	fontFiles ??= FONT_FILES.map((name) => join(fontDir(), name));
	const image = new Resvg(svg, {
		fitTo: { mode: 'zoom', value: opts.scale },
		...(opts.background === 'white' ? { background: '#ffffff' } : {}),
		font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans', defaultFontSize: 12 },
		shapeRendering: 2,
		textRendering: 1
	}).render();
	// A copy in a plain ArrayBuffer, which a worker can transfer (the addon's Buffer may not be).
	return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}
