/**
 * Names on a map: the chosen area, the highest and the lowest published values, then every other
 * area whose name fits inside it, never two names overlapping. Two layouts of the same map: `wide`
 * at the drawing's own size (12 px text), and `narrow` for a phone, where the drawing shrinks to
 * about `NARROW_WIDTH` px: only the chosen, highest and lowest names, in a font large enough to
 * stay 11 px once shrunk. Text widths are estimated (0.56 em a character), so boxes err large.
 */
import type { CellStatus } from './cell-status';

export type MapLabelKind = 'selected' | 'highest' | 'lowest' | 'other';

export interface MapLabel {
	code: string;
	name: string;
	x: number;
	y: number;
	kind: MapLabelKind;
}

export interface MapLabels {
	wide: MapLabel[];
	narrow: MapLabel[];
	/** Font size of the narrow layout, in the drawing's units. */
	narrowFont: number;
}

export interface LabelledArea {
	code: string;
	name: string;
	centroid: [number, number];
	/** Projected bounds: [[x0, y0], [x1, y1]]. */
	bounds: [[number, number], [number, number]];
	value: number | null;
	status: CellStatus;
	selected: boolean;
}

export const WIDE_FONT = 12;
/** The narrowest a map's drawing is shown on a phone (a 390 px screen less the page's and the card's margins). */
export const NARROW_WIDTH = 300;
const MIN_RENDERED = 11;
const CHAR_EM = 0.56;

/** The drawing's size; the map's part of it starts at `x` (a legend column may sit left of it). */
export interface Frame {
	x: number;
	width: number;
	height: number;
}

interface Box {
	x0: number;
	y0: number;
	x1: number;
	y1: number;
}

const boxOf = (x: number, y: number, name: string, font: number): Box => {
	const w = name.length * font * CHAR_EM + 4;
	const h = font * 1.2;
	return { x0: x - w / 2, y0: y - h / 2, x1: x + w / 2, y1: y + h / 2 };
};
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** The chosen area, then the highest and the lowest published value (ties: the first). */
function priorities(areas: LabelledArea[]): { area: LabelledArea; kind: MapLabelKind }[] {
	const out: { area: LabelledArea; kind: MapLabelKind }[] = [];
	const selected = areas.find((a) => a.selected);
	if (selected) out.push({ area: selected, kind: 'selected' });
	const published = areas.filter((a) => a.value !== null && (a.status === 'ok' || a.status === 'flag'));
	if (published.length >= 2) {
		const sorted = [...published].sort((a, b) => b.value! - a.value!);
		for (const [area, kind] of [[sorted[0]!, 'highest'], [sorted.at(-1)!, 'lowest']] as const)
			if (!out.some((p) => p.area.code === area.code) && area.value !== (kind === 'highest' ? sorted.at(-1)! : sorted[0]!).value) out.push({ area, kind });
	}
	return out;
}

/** Where a name goes: its centroid, moved inside the frame; for a priority name, nudged up or down off names already placed. */
function place(area: LabelledArea, font: number, frame: Frame, placed: Box[], nudge: boolean): MapLabel | null {
	const [cx, cy] = area.centroid;
	const half = boxOf(0, 0, area.name, font);
	const x = Math.min(frame.width - half.x1 - 2, Math.max(frame.x - half.x0 + 2, cx));
	const offsets = nudge ? [0, -1, 1, -2, 2].map((k) => k * font * 1.25) : [0];
	for (const dy of offsets) {
		const y = Math.min(frame.height - half.y1 - 2, Math.max(-half.y0 + 2, cy + dy));
		const box = boxOf(x, y, area.name, font);
		if (placed.some((p) => overlaps(p, box))) continue;
		placed.push(box);
		return { code: area.code, name: area.name, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, kind: 'other' };
	}
	return null;
}

/** Whether a name fits inside its area's bounds (with a margin), so it cannot be read as a neighbour's. */
function fitsInside(area: LabelledArea, font: number): boolean {
	const [[x0, y0], [x1, y1]] = area.bounds;
	return area.name.length * font * CHAR_EM + 4 <= (x1 - x0) * 0.85 && font * 1.4 <= y1 - y0;
}

function layout(areas: LabelledArea[], font: number, frame: Frame, withOthers: boolean): MapLabel[] {
	const placed: Box[] = [];
	const labels: MapLabel[] = [];
	for (const { area, kind } of priorities(areas)) {
		const label = place(area, font, frame, placed, true);
		if (label) labels.push({ ...label, kind });
	}
	if (!withOthers) return labels;
	const done = new Set(labels.map((l) => l.code));
	// Larger areas first: their names are the easiest to read and anchor the rest.
	const rest = areas.filter((a) => !done.has(a.code) && fitsInside(a, font))
		.sort((a, b) => (b.bounds[1][0] - b.bounds[0][0]) * (b.bounds[1][1] - b.bounds[0][1]) - (a.bounds[1][0] - a.bounds[0][0]) * (a.bounds[1][1] - a.bounds[0][1]));
	for (const area of rest) {
		const label = place(area, font, frame, placed, false);
		if (label) labels.push(label);
	}
	return labels;
}

/**
 * Both layouts of a map's names.
 *
 * @example
 * placeMapLabels(areas, { x: 0, width: 760, height: 560 })
 * // → { wide: [{ code: 'MN', name: 'Montréal-Nord', x: 402.5, y: 130, kind: 'selected' }, …], narrow: […], narrowFont: 27.9 }
 */
export function placeMapLabels(areas: LabelledArea[], frame: Frame): MapLabels {
	// The page draws the map's part alone (its legend beside it), so that part is what shrinks.
	const drawn = frame.width - frame.x;
	const narrowFont = Math.ceil(((MIN_RENDERED * drawn) / NARROW_WIDTH) * 10) / 10;
	return {
		wide: layout(areas, WIDE_FONT, frame, true),
		narrow: layout(areas, narrowFont, frame, false),
		narrowFont
	};
}
