import type { DatasetRecord } from '../../../../db/datasets';
import { planDesign } from '../../engine/design';
import type { SurveyFrame } from '../../engine/frame';
import type { Design, DesignNote } from '../../engine/types';
import { formatNumber, t, type Locale } from '../../i18n';

/**
 * What the design of a table did with each design column of the dataset (the engine's notes),
 * plus the replicate weights a linearisation design leaves out: the frame of such a design does
 * not read them, the dataset says they are there.
 */
export function designNotes(ds: DatasetRecord, frame: SurveyFrame, design: Design): DesignNote[] {
	const notes = [...planDesign(frame, design).notes];
	if (design !== 'replicate' && ds.design.replicate) notes.push({ code: 'replicates_unused' });
	return notes;
}

/** One note as a sentence in the reader's language. */
export function designNoteText(locale: Locale, n: DesignNote): string {
	const params = { ...n.params };
	if (typeof params.scale === 'number') params.scale = formatNumber(locale, params.scale, 6).replace(/0+$/, '');
	return t(locale, `design_note.${n.code}`, params);
}

/** The notes with their text, for the API and the command line. */
export function withNoteText(notes: DesignNote[] | undefined, locale: Locale): DesignNote[] {
	return (notes ?? []).map((n) => ({ ...n, text: designNoteText(locale, n) }));
}
