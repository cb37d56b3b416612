import type { Db } from '../../db/connection';
import { areaNameIndex, insertNamedArea } from '../../db/areas';
import { matchName, nameKey } from '../names';
import type { SurveyMapping } from '../column-mapping';
import type { AreaRef } from './validate-row';

/**
 * Area lookup for one survey load: a few dozen spellings at most, each resolved once; new areas
 * created when the mapping says so. A new area is written when a valid row first uses it
 * (`ensure`), so an invalid row creates nothing; it belongs to the dataset, hidden with it until
 * the dataset is published.
 */
export function areaMatcher(db: Db, mapping: SurveyMapping, datasetId: () => number) {
	const areas: AreaRef[] = areaNameIndex(db, mapping.geography);
	const byKey = new Map(areas.map((a) => [a.key, a]));
	const memo = new Map<string, { area: AreaRef | undefined; suggestions: string[] }>();
	const created: string[] = [];
	const create = mapping.new_areas && areas.length === 0;
	return {
		existing: areas.length,
		created,
		match(value: string) {
			let m = memo.get(value);
			if (!m) {
				const key = nameKey(value);
				let hit = byKey.get(key);
				if (!hit && create && key !== '') {
					hit = { id: -1, name: value, key };
					byKey.set(key, hit);
				}
				m = hit ? { area: hit, suggestions: [] } : { area: undefined, suggestions: matchName(value, areas).suggestions };
				memo.set(value, m);
			}
			return m;
		},
		ensure(area: AreaRef) {
			if (area.id >= 0) return;
			area.id = insertNamedArea(db, mapping.geography, { code: area.name, name: area.name, nameKey: area.key }, datasetId());
			created.push(area.name);
		}
	};
}
