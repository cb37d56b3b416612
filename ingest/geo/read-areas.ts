/**
 * Reads an areas file, GeoJSON or TopoJSON, into areas ready to insert, with every problem as an
 * issue code (never a rendered message). TopoJSON is decoded with topojson-client; rings are
 * rewound clockwise for d3-geo whatever their winding in the file.
 */
import { createRequire } from 'node:module';
import type { feature as topoFeatureType } from 'topojson-client';
import type { Topology, GeometryObject } from 'topojson-specification';
import type { Area, AreaInput } from '../../db/areas';
import type { IngestIssue } from '../report';
import { nameKey } from '../names';
import { rewindForD3, type PolygonalGeometry } from './rewind';
import { geometryProblems } from './validate';

export type FeatureProperties = Record<string, unknown>;

export interface OfficialName {
	name: string;
	type: string;
}

export interface ReadAreasOptions {
	geography: string;
	/** The feature property holding the area name; guessed (NAME, NOM, …NM, NOM_…) when absent. */
	nameProperty?: string;
	/** The feature property holding the area's unique code; guessed (CODE, …CD, ABREV, …) when absent. */
	codeProperty?: string;
	/** TopoJSON: the object to read; the only one when absent. */
	object?: string;
	/** The area type from a feature's properties; `area` when absent. */
	typeOf?: (props: FeatureProperties) => string;
	/** Official name and type by code; overrides the file's name and type, and must list every code. */
	officialNames?: Map<string, OfficialName>;
}

export interface ReadAreasResult {
	format: 'geojson' | 'topojson';
	areas: AreaInput[];
	errors: IngestIssue[];
	warnings: IngestIssue[];
	/** The properties used for names and codes (chosen or guessed). */
	properties: { name: string; code: string } | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A property as a trimmed string, or undefined when it is missing or blank. */
function textOf(props: FeatureProperties, key: string): string | undefined {
	const v = props[key];
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

const fileIssue = (code: IngestIssue['code'], params: Record<string, string | number> = {}): IngestIssue =>
	({ line: null, column: null, value: null, code, params });

/** The features of a GeoJSON FeatureCollection or of one TopoJSON object, or the file-level issue. */
function featuresOf(text: string, object: string | undefined): { format: ReadAreasResult['format']; features: unknown[] } | IngestIssue {
	let doc: unknown;
	try {
		doc = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (e) {
		return fileIssue('geo_not_json', { detail: (e as Error).message });
	}
	if (isRecord(doc) && doc.type === 'Topology') {
		const objects = isRecord(doc.objects) ? doc.objects : {};
		const names = Object.keys(objects);
		const chosen = object ?? (names.length === 1 ? names[0] : undefined);
		if (chosen === undefined || !(chosen in objects)) {
			return fileIssue('geo_topology_object', { object: object ?? '', available: names.join(', ') });
		}
		try {
			// Loaded here, for the rare TopoJSON file, rather than by every command at start.
			const topoFeature = (createRequire(import.meta.url)('topojson-client') as { feature: typeof topoFeatureType }).feature;
			const decoded = topoFeature(doc as unknown as Topology, objects[chosen] as GeometryObject) as unknown;
			const features = isRecord(decoded) && decoded.type === 'FeatureCollection' ? decoded.features : [decoded];
			return { format: 'topojson', features: features as unknown[] };
		} catch (e) {
			return fileIssue('geo_topology_invalid', { detail: (e as Error).message });
		}
	}
	if (!isRecord(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
		return fileIssue('geo_not_collection', { found: isRecord(doc) ? String(doc.type) : typeof doc });
	}
	return { format: 'geojson', features: doc.features };
}

const NAME_GUESS = [/^name$/i, /^nom$/i, /^(.*_)?(name|nom)(_.*)?$/i, /nm$/i];
const CODE_GUESS = [/^code$/i, /^(.*_)?code(_.*)?$/i, /cd$/i, /^abrev$/i, /^id$/i];

/**
 * The property to use for a role: the one asked for, else the single property matching the most
 * specific guess whose values are distinct non-empty strings on every feature.
 */
function chooseProperty(features: FeatureProperties[], role: 'name' | 'code', asked: string | undefined): string | IngestIssue {
	const keys = [...new Set(features.flatMap((p) => Object.keys(p)))];
	if (asked !== undefined) return asked;
	const usable = keys.filter((k) => {
		const values = features.map((p) => textOf(p, k));
		return values.every((v) => v !== undefined) && new Set(values).size === values.length;
	});
	for (const pattern of role === 'name' ? NAME_GUESS : CODE_GUESS) {
		const hits = usable.filter((k) => pattern.test(k));
		if (hits.length === 1) return hits[0]!;
		if (hits.length > 1) return fileIssue('geo_choose_property', { role, candidates: hits.join(', '), available: keys.join(', ') });
	}
	return fileIssue('geo_choose_property', { role, candidates: '', available: keys.join(', ') });
}

/**
 * Parses and checks every feature of an areas file for one geography: a name and a code on each
 * feature, a Polygon or MultiPolygon in WGS84 degrees with closed rings of 4 or more finite
 * positions, no duplicate code, no two names with the same `nameKey`, nothing the geography
 * already has (`existing`). Rings that cross are warnings: real generalised boundaries have them
 * and point-in-polygon (even–odd) still works. Features are named in issues by their index.
 *
 * @example
 * readAreas(text, { geography: 'essex', nameProperty: 'LAD13NM', codeProperty: 'LAD13CD' }, [])
 * // { format: 'geojson', areas: [14 areas], errors: [], warnings: [...crossings], properties: { name: 'LAD13NM', code: 'LAD13CD' } }
 */
export function readAreas(text: string, options: ReadAreasOptions, existing: readonly Area[]): ReadAreasResult {
	const parsed = featuresOf(text, options.object);
	if ('code' in parsed) return { format: 'geojson', areas: [], errors: [parsed], warnings: [], properties: null };
	const { format, features } = parsed;
	if (features.length === 0) return { format, areas: [], errors: [fileIssue('geo_no_features')], warnings: [], properties: null };

	const errors: IngestIssue[] = [];
	const warnings: IngestIssue[] = [];
	const propsOf = features.map((f) => (isRecord(f) && isRecord(f.properties) ? f.properties : {}));
	const nameProperty = chooseProperty(propsOf, 'name', options.nameProperty);
	const codeProperty = chooseProperty(propsOf, 'code', options.codeProperty);
	if (typeof nameProperty !== 'string' || typeof codeProperty !== 'string') {
		for (const p of [nameProperty, codeProperty]) if (typeof p !== 'string') errors.push(p);
		return { format, areas: [], errors, warnings, properties: null };
	}

	const { geography, typeOf, officialNames } = options;
	const areas: AreaInput[] = [];
	const byCode = new Map<string, number>();
	const byKey = new Map<string, { index: number; name: string }>();
	features.forEach((f: unknown, i: number) => {
		const props = propsOf[i]!;
		const code = textOf(props, codeProperty);
		const fileName = textOf(props, nameProperty);
		const label = `features[${i}]${code ? ` (${code})` : ''}`;
		const issue = (code_: IngestIssue['code'], column: string | null, value: string | null, params: Record<string, string | number> = {}) =>
			({ line: null, column, value, code: code_, params: { feature: label, ...params } }) as IngestIssue;
		if (!isRecord(f) || f.type !== 'Feature') return void errors.push(issue('geo_not_feature', null, null));
		if (!code) errors.push(issue('geo_property_missing', codeProperty, null, { property: codeProperty, available: Object.keys(props).join(', ') }));
		if (!fileName) errors.push(issue('geo_property_missing', nameProperty, null, { property: nameProperty, available: Object.keys(props).join(', ') }));
		const problems = geometryProblems(f.geometry);
		const structural = problems.filter((p) => p.code !== 'geo_self_intersection');
		for (const p of problems) (p.code === 'geo_self_intersection' ? warnings : errors).push(issue(p.code, null, code ?? null, p.params));
		if (!code || !fileName) return;

		const official = officialNames?.get(code);
		if (officialNames && !official) errors.push(issue('geo_official_name_missing', codeProperty, code));
		const name = official?.name ?? fileName;
		const key = nameKey(name);
		if (key === '') return void errors.push(issue('geo_name_empty', nameProperty, name));
		const type = official?.type ?? typeOf?.(props) ?? 'area';

		const sameCode = byCode.get(code);
		if (sameCode !== undefined) errors.push(issue('geo_duplicate_code', codeProperty, code, { other: `features[${sameCode}]` }));
		else byCode.set(code, i);
		const sameKey = byKey.get(key);
		if (sameKey) errors.push(issue('geo_duplicate_name', nameProperty, name, { other: `features[${sameKey.index}]`, other_name: sameKey.name }));
		else byKey.set(key, { index: i, name });
		const clash = existing.find((a) => a.geography === geography && (a.code === code || a.nameKey === key));
		if (clash) errors.push(issue('geo_area_exists', nameProperty, name, { geography, name: clash.name, code: clash.code }));
		if (structural.length === 0) {
			const geometry = rewindForD3(f.geometry as unknown as PolygonalGeometry);
			areas.push({ code, name, nameKey: key, type, geometry });
		}
	});
	for (const code of officialNames?.keys() ?? []) {
		if (!byCode.has(code)) errors.push({ line: null, column: codeProperty, value: code, code: 'geo_official_code_unused', params: { code } });
	}
	return { format, areas, errors, warnings, properties: { name: nameProperty, code: codeProperty } };
}
