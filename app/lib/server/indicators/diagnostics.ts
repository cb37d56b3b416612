/**
 * Diagnostic indicators (incidents, audits, participatory mapping) for the API and the command
 * line: finds the indicator and its datasets, hands the stored data to the engine, and shapes
 * the table like the survey's (app/lib/engine/types.ts). Viewers get suppressed values removed.
 */
import type { Db } from '../../../../db/connection';
import type { DiagnosticDefinition } from '../../engine/catalog';
import type { DiagnosticVariable } from '../../engine/types';
import { redactDiagnostic } from '../../engine/incident-table';
import { loadCatalog } from '../settings/catalog';
import { incidentTable } from './incidents';
import { auditTable, mappingTable } from './points';
import { DiagnosticRequestError, type DiagnosticRequest, type DiagnosticResult } from './diagnostic-request';

export { datasetsOfWave, DiagnosticRequestError } from './diagnostic-request';
export type { DiagnosticErrorCode, DiagnosticRequest, DiagnosticResult } from './diagnostic-request';

/** The variables each source can be broken down by. */
export const DIAGNOSTIC_VARIABLES: Record<DiagnosticDefinition['source'], readonly DiagnosticVariable[]> = {
	incidents: ['borough', 'category', 'month', 'age_group', 'gender', 'time_of_day'],
	audit: ['borough', 'criterion', 'time_of_day'],
	mapping: ['borough', 'category', 'age_group', 'gender']
};

/** The diagnostic indicator of the catalog with this id, if it is one. */
export function findDiagnostic(db: Db, id: string): DiagnosticDefinition | undefined {
	return loadCatalog(db).diagnostics.find((d) => d.id === id);
}

/** One diagnostic indicator's table (the survey's shape, engine/types.ts), redacted for viewers when `suppress`. */
export function computeDiagnostic(db: Db, req: DiagnosticRequest): DiagnosticResult {
	const def = findDiagnostic(db, req.indicator);
	if (!def) throw new DiagnosticRequestError('unknown_indicator', { indicator: req.indicator });
	const allowed = DIAGNOSTIC_VARIABLES[def.source];
	const bad = req.by.find((v) => !allowed.includes(v));
	if (bad) throw new DiagnosticRequestError('variable_unavailable', { variable: bad, indicator: def.id, allowed: allowed.join(', ') });
	// Published tables by the victim's age group or gender are protected over area and category;
	// month and time of day would multiply the tables to protect: analysts only.
	if (req.suppress && def.source === 'incidents' && (req.by.includes('age_group') || req.by.includes('gender')) && (req.by.includes('month') || req.by.includes('time_of_day')))
		throw new DiagnosticRequestError('combination_unpublished', { by: req.by.join(',') });
	const table = def.source === 'incidents' ? incidentTable(db, def, req) : def.source === 'audit' ? auditTable(db, def, req) : mappingTable(db, def, req);
	if (!req.suppress) return table;
	// Tables under the small-count rule do not say how many records lack a variable: with the
	// published totals, those counts would give hidden cells back.
	const ruled = def.source === 'mapping' || (def.source === 'incidents' && (req.by.includes('age_group') || req.by.includes('gender')));
	const excluded = ruled && table.excluded ? Object.fromEntries(Object.entries(table.excluded as Record<string, number>).filter(([k]) => !k.startsWith('no_'))) : table.excluded;
	return { ...table, ...(table.excluded ? { excluded } : {}), rows: table.rows.map(redactDiagnostic) };
}
