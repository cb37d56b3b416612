import type { ChoroplethArea, ChoroplethSpec } from './choropleth';

/**
 * Choropleths that draw their areas from shapes defined once on the page: a page of small maps
 * of the same areas at the same size (the overview's) would otherwise repeat every area's path
 * data in each map, in its markup and in the page data the browser receives. The shapes go in
 * one hidden <svg> (AreaShapes.svg.svelte) and each map's areas are `<use>` of them.
 */

/** An area whose geometry is `shapes[shape]` of the page's shared shapes (no centroid: labels are placed already). */
export interface SharedShapeArea extends Omit<ChoroplethArea, 'd' | 'centroid'> {
	shape: number;
}

export interface SharedShapesSpec extends Omit<ChoroplethSpec, 'areas'> {
	areas: SharedShapeArea[];
}

/** The id of shape `index` in AreaShapes.svg.svelte, with the page's `prefix`. */
export const shapeId = (prefix: string, index: number): string => `${prefix}-${index}`;

/**
 * The path data of `specs`' areas, each distinct one once, and the specs with their areas
 * referring to it by index. Two areas share a shape only when their path data is the same
 * string, so any set of maps keeps its own geometry; maps of the same areas and size share all.
 *
 * @example shareShapes([a, b]) // { shapes: ['M1,2l…z', …], specs: [{ …a, areas: [{ code: 'AC', shape: 0, … }] }, …] }
 */
export function shareShapes(specs: ChoroplethSpec[]): { shapes: string[]; specs: SharedShapesSpec[] } {
	const index = new Map<string, number>();
	const shapes: string[] = [];
	const shared = specs.map((spec): SharedShapesSpec => ({
		...spec,
		areas: spec.areas.map(({ d, centroid: _centroid, ...area }): SharedShapeArea => {
			let shape = index.get(d);
			if (shape === undefined) {
				shape = shapes.push(d) - 1;
				index.set(d, shape);
			}
			return { ...area, shape };
		})
	}));
	return { shapes, specs: shared };
}
