/**
 * An indicator prepared for one wave, shared by survey.ts (which prepares and tabulates it)
 * and publication.ts (which decides what of it viewers see, and which survey.ts calls): in
 * either of them, the two modules would import each other.
 */
import type { DatasetRecord } from '../../../../db/datasets';
import type { IndicatorDefinition } from '../../engine/catalog';
import type { SurveyFrame } from '../../engine/frame';
import type { ReliabilityRules } from '../../engine/reliability';
import type { Design, DesignNote } from '../../engine/types';

/** What every breakdown of one indicator in one wave shares: read and recoded once. */
export interface PreparedIndicator {
	def: IndicatorDefinition;
	dataset: DatasetRecord;
	frame: SurveyFrame;
	design: Design;
	/** What the design did with the dataset's design columns. */
	notes: DesignNote[];
	rules: ReliabilityRules;
	/** The indicator's values per respondent: one array, or one per category of a distribution. */
	values: { y: Float64Array; category?: string }[];
	/**
	 * The indicator before its frame was changed for a page (age groups merged into the 12–24
	 * year-olds): its publication pattern covers both, so viewers' tables come from it.
	 */
	whole?: PreparedIndicator;
}
