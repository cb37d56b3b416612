/**
 * `vigie ingest FILE --suggest-mapping`: a complete draft mapping on standard output (redirect it
 * to a file and edit it), and on standard error what each role was given and why.
 */
import { basename } from 'node:path';
import type { Db } from '../../../../db/connection';
import type { SniffOptions } from '../../../../ingest/reader/detect';
import { CORE_ROLES, type ColumnSource } from '../../../../ingest/column-mapping';
import type { FileSuggestion } from '../../../../ingest/suggest';
import { isMessageKey, t, type Locale, type MessageKey } from '../../i18n';
import { candidateText, issueLine } from '../ingestion/issues';
import { suggestMapping } from '../ingestion/suggest';
import { reasonText } from '../ingestion/reasons';

function sourceText(locale: Locale, src: ColumnSource): string {
	if (src === null) return t(locale, 'suggest.absent');
	if (typeof src === 'string') return `“${src}”`;
	if ('join' in src) return t(locale, 'suggest.join', { columns: src.join.join(' + ') });
	return JSON.stringify(src);
}

/** What each role was given, one line each, then what the draft assumed. */
export function describeSuggestion(locale: Locale, file: string, s: FileSuggestion): string[] {
	const out = [t(locale, 'suggest.title', { file: basename(file), rows: s.suggestion.rows })];
	const columns = s.draft.mapping.columns ?? {};
	for (const role of CORE_ROLES) {
		const chosen = s.suggestion.chosen[role];
		const src = columns[role];
		const roleName = t(locale, `check.role.${role}`);
		if (chosen && typeof chosen.source === 'string') {
			const candidate = s.suggestion.candidates[role].find((c) => c.column === chosen.source);
			out.push(t(locale, 'suggest.role', { role: roleName, choice: candidate ? candidateText(locale, candidate) : sourceText(locale, chosen.source) }));
		} else if (chosen) {
			const choice = t(locale, 'suggest.choice', { source: sourceText(locale, chosen.source), confidence: t(locale, `confidence.${chosen.confidence}`),
				reasons: chosen.reasons.map((r) => reasonText(locale, r)).join(t(locale, 'ingest.reasons_joiner')) });
			out.push(t(locale, 'suggest.role', { role: roleName, choice }));
		} else if (src === null) out.push(t(locale, 'suggest.role', { role: roleName, choice: sourceText(locale, null) }));
		else if (role === 'respondent_id' || role === 'borough') out.push(t(locale, 'suggest.role', { role: roleName, choice: t(locale, 'suggest.none') }));
	}
	// Notes with the same reason on one line: a survey-tool export has hundreds of yes/no columns.
	const grouped = new Map<string, { reason: string; about: string[] }>();
	for (const n of s.draft.notes) {
		const reason = reasonText(locale, n.reason);
		const about = isMessageKey(`check.role.${n.about}`) ? t(locale, `check.role.${n.about}` as MessageKey) : n.about;
		const g = grouped.get(reason) ?? { reason, about: [] };
		g.about.push(about);
		grouped.set(reason, g);
	}
	for (const g of grouped.values()) {
		out.push(g.about.length <= 6 ? t(locale, 'suggest.note', { about: g.about.join(', '), reason: g.reason })
			: t(locale, 'suggest.note_many', { list: g.about.slice(0, 5).join(', '), more: g.about.length - 5, reason: g.reason }));
	}
	out.push(t(locale, 'suggest.geography', { geography: s.draft.mapping.geography, created: s.draft.mapping.new_areas ? t(locale, 'suggest.geography_new') : '' }));
	if (s.draft.waveNeeded) out.push(t(locale, 'suggest.wave_needed'));
	out.push(t(locale, 'suggest.written', { file: basename(file) }));
	return out;
}

export async function runSuggest(db: Db, locale: Locale, file: string, dialect: SniffOptions): Promise<number> {
	const s = await suggestMapping(db, file, { ...dialect, fileName: basename(file) });
	if ('code' in s) {
		process.stderr.write(issueLine(locale, { line: null, column: null, value: null, code: s.code, params: s.params }) + '\n');
		return 1;
	}
	process.stdout.write(JSON.stringify(s.draft.mapping, null, 2) + '\n');
	process.stderr.write(describeSuggestion(locale, file, s).join('\n') + '\n');
	return 0;
}
