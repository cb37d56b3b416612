/**
 * The words every layer shares: ingestion reads files into them, the engine tabulates by them, the
 * views and exports show them. This module imports nothing, so that everything may import it
 * (ingest/, db/, app/lib/engine, app/lib/server) without a cycle.
 *
 * One word for a place: an **area** is any unit of a geography (a borough, a related city, a
 * police district, an English local authority), named by its code (`AreaCode`). "Borough" is
 * kept where Montréal's boroughs are meant as such: the survey's `borough` column and breakdown
 * (`by=borough`, stored data and URLs users rely on) and the borough portrait.
 */

/**
 * The geography Vigie ships (the Montréal agglomeration): the house geography until an
 * administrator chooses another in the settings, and the one ingestion places a file in when its
 * caller names none. Pages never use it directly: they ask the settings or the dataset.
 */
export const DEFAULT_GEOGRAPHY = 'montreal';

/** A survey wave or a diagnostic dataset's period as analysts name it: `2024`, `2023-automne`. */
export type Wave = string;

/** An area's code within its geography: `MN` (Montréal-Nord), `E07000066` (Basildon). */
export type AreaCode = string;

/** The genders a survey answer is read as (every spelling of a file is mapped to one of these). */
export const GENDERS = ['woman', 'man', 'non-binary'] as const;
export type Gender = (typeof GENDERS)[number];
export const NON_BINARY = 'non-binary' satisfies Gender;

/** An age group: its label and its ages (inclusive; `max` Infinity for the open group). */
export interface AgeBand {
	label: string;
	min: number;
	max: number;
}
/** An age group's label, as stored: `12-17`, `65+`. */
export type AgeGroup = string;

/** Default age bands: 12-17, 18-24, 25-44, 45-64, 65+. */
export const DEFAULT_AGE_BANDS: AgeBand[] = [
	{ label: '12-17', min: 12, max: 17 },
	{ label: '18-24', min: 18, max: 24 },
	{ label: '25-44', min: 25, max: 44 },
	{ label: '45-64', min: 45, max: 64 },
	{ label: '65+', min: 65, max: Infinity }
];

/** `ageGroupOf(16)` → `'12-17'`; `ageGroupOf(70)` → `'65+'`; below the first band → undefined. */
export function ageGroupOf(age: number, bands: AgeBand[] = DEFAULT_AGE_BANDS): AgeGroup | undefined {
	return bands.find((b) => age >= b.min && age <= b.max)?.label;
}
