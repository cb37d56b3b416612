/**
 * The mapping assistant on the upload page: the form's state for an upload (the assistant's draft
 * when no mapping was given and the check could not read the file's roles), and the live preview
 * of the first rows under the form's mapping.
 */
import type { Db } from '../../../../db/connection';
import { delimiterOf, encodingOf } from '../../../../ingest/csv';
import { MappingError, parseMapping } from '../../../../ingest/column-mapping';
import type { IngestIssue, IngestResult, PreviewRow } from '../../../../ingest/report';
import { previewMapping } from '../../../../ingest/survey/preview';
import type { Locale } from '../../i18n';
import { catalogItemDomains } from './ingest';
import { loadGeography } from '../settings/geography';
import { candidateText, issueAdvice, issueProblem } from './issues';
import { formModel, mappingFromForm, type MappingFormModel } from './column-mapping-form';
import { t } from '../../i18n';
import { geographiesOf, needsSuggestion, suggestMapping } from './suggest';
import { settingsFrom, uploadFile, type UploadMeta, type UploadSettings } from './uploads';

/** The form's state with each role's candidates as sentences in the reader's language. */
export type FormModel = Omit<MappingFormModel, 'roles'> & {
	roles: (Omit<MappingFormModel['roles'][number], 'candidates'> & { label: string; proposals: { column: string; confidence: string; text: string }[] })[];
};

function rendered(locale: Locale, m: MappingFormModel): FormModel {
	return { ...m, roles: m.roles.map(({ candidates, ...r }) => ({ ...r, label: t(locale, `check.role.${r.role}`),
		proposals: candidates.filter((c) => c.confidence !== 'low' || candidates.length === 1).slice(0, 3)
			.map((c) => ({ column: c.column, confidence: c.confidence, text: candidateText(locale, c) })) })) };
}

export interface Assistant {
	model: FormModel;
	/** The mapping's JSON text the page shows: the analyst's, or the assistant's draft. */
	mappingText: string;
	/** The form holds the assistant's draft, not yet checked. */
	drafted: boolean;
}

/** An issue as the upload page shows it: the problem, and what to do in the page's own words. */
export function webIssue(locale: Locale, i: IngestIssue) {
	return { ...i, message: issueProblem(locale, i, 'web'), advice: issueAdvice(locale, i, 'web') };
}

function dialectOf(s: UploadSettings) {
	const decimal: '.' | ',' | undefined = s.decimal === ',' || s.decimal === '.' ? s.decimal : undefined;
	return { encoding: encodingOf(s.encoding), delimiter: delimiterOf(s.delimiter), decimal };
}

function parsed(text: string): Record<string, unknown> {
	try {
		const v = text.trim() ? JSON.parse(text) : {};
		return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
	} catch {
		return {};
	}
}

export async function assistantFor(db: Db, meta: UploadMeta, result: IngestResult | null, locale: Locale): Promise<Assistant | null> {
	const s = await suggestMapping(db, uploadFile(meta.token), { ...dialectOf(meta.settings), fileName: meta.fileName });
	if ('code' in s) return null;
	const drafted = !meta.settings.mapping.trim() && result !== null && needsSuggestion(result);
	const mappingText = drafted ? JSON.stringify(s.draft.mapping, null, 2) : meta.settings.mapping;
	return { model: rendered(locale, formModel(parsed(mappingText), s, geographiesOf(db), loadGeography(db))), mappingText, drafted };
}

export type LivePreview =
	| { ok: true; rows: (PreviewRow | { line: number; problems: ReturnType<typeof webIssue>[] })[]; header: ReturnType<typeof webIssue>[];
		model: FormModel | null; mapping: string }
	| { ok: false; problems: { path: string; message: string }[]; mapping: string };

/** The first rows as the posted form's mapping would store them, and the form's state for that mapping. */
export async function livePreview(db: Db, meta: UploadMeta, form: FormData, locale: Locale): Promise<LivePreview> {
	const settings = settingsFrom(form, meta.settings);
	const text = mappingFromForm(form, settings.mapping, loadGeography(db));
	let mapping;
	try {
		mapping = parseMapping(text.trim() ? JSON.parse(text) : {}, loadGeography(db));
	} catch (err) {
		if (err instanceof MappingError) return { ok: false, problems: err.problems, mapping: text };
		return { ok: false, problems: [{ path: '(JSON)', message: (err as Error).message }], mapping: text };
	}
	const dialect = dialectOf(settings);
	const file = uploadFile(meta.token);
	const p = await previewMapping(db, file, { ...dialect, mapping, wave: settings.wave || undefined, itemDomains: catalogItemDomains(db) });
	if ('code' in p) return { ok: true, rows: [], header: [webIssue(locale, { line: null, column: null, value: null, code: p.code as IngestIssue['code'], params: p.params })], model: null, mapping: text };
	const s = await suggestMapping(db, file, { ...dialect, fileName: meta.fileName });
	return {
		ok: true, mapping: text,
		rows: p.rows.map((r) => ('problems' in r ? { line: r.line, problems: r.problems.map((i) => webIssue(locale, i)) } : r)),
		header: p.header.map((i) => webIssue(locale, i)),
		model: 'code' in s ? null : rendered(locale, formModel(parsed(text), s, geographiesOf(db), loadGeography(db)))
	};
}
