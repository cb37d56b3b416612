import type { Db } from '../../db/connection';
import { areaNameIndex, areasDatasetOf, listAreaGeometries } from '../../db/areas';
import { matchName, nameKey } from '../names';
import { buildAreaIndex, OUTSIDE } from './assign';

/** Places rows in the areas of one geography: by coordinates (point in polygon) or by area name. */
export interface GeographyPlacer {
	geography: string;
	/** The areas dataset of the geography (null for the bundled Montreal areas). */
	areasDatasetId: number | null;
	/** The area id containing the point, or OUTSIDE (-1). */
	areaOfPoint(lon: number, lat: number): number;
	/** The area a typed name refers to, or near names as suggestions. */
	areaOfName(name: string): { id: number | undefined; name: string | undefined; suggestions: string[] };
	/** Area id → official name. */
	names: Map<number, string>;
	/** Area id → code. */
	codes: Map<number, string>;
}

/**
 * The placer of a geography, or undefined when the geography has no areas. The point index is
 * built once (ingest/geo/assign.ts); names are resolved once per distinct spelling.
 */
export function geographyPlacer(db: Db, geography: string): GeographyPlacer | undefined {
	const areas = listAreaGeometries(db, geography);
	if (areas.length === 0) return undefined;
	const index = buildAreaIndex(areas);
	const candidates = areaNameIndex(db, geography);
	const byKey = new Map(candidates.map((a) => [a.key, a]));
	const memo = new Map<string, { id: number | undefined; name: string | undefined; suggestions: string[] }>();
	return {
		geography,
		areasDatasetId: areasDatasetOf(db, geography),
		names: new Map(areas.map((a) => [a.id, a.name])),
		codes: new Map(areas.map((a) => [a.id, a.code])),
		areaOfPoint: (lon, lat) => index.areaOf(lon, lat),
		areaOfName(name) {
			let m = memo.get(name);
			if (!m) {
				const hit = byKey.get(nameKey(name));
				m = hit ? { id: hit.id, name: hit.name, suggestions: [] } : { id: undefined, name: undefined, suggestions: matchName(name, candidates).suggestions };
				if (memo.size < 10_000) memo.set(name, m);
			}
			return m;
		}
	};
}

export { OUTSIDE };
