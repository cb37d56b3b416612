import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import { finishDataset, insertDataset } from '../../db/datasets';
import { listPartnerServices, replacePartnerDirectory, type PartnerInsert } from '../../db/partners';
import { IssueCollector } from '../report';
import type { DiagnosticIngestResult, DiagnosticLoadOptions } from '../diagnostic-load';
import { readDiagnosticHeader, readDiagnosticRow, startDiagnosticLoad } from '../diagnostic-file';
import type { ResolvedRoles } from '../header-roles';
import { HEADER_ALIASES } from '../survey/schema';
import { readPartnerRow, type PartnerRole, type RowContext } from './row';
import { serviceMatcher } from './values';

/** Header aliases, French and English (compared without case, accents or punctuation). */
export const PARTNER_ALIASES: Record<PartnerRole, string[]> = {
	name: ['name', 'nom', 'organisation', 'organization', 'organisme', 'nom_organisme', 'nom_de_l_organisme', 'partner', 'partenaire', 'organisation_name'],
	address: ['address', 'adresse', 'adresse_civique', 'street_address', 'adresse_postale'],
	borough: HEADER_ALIASES.borough,
	latitude: ['latitude', 'lat'],
	longitude: ['longitude', 'lon', 'long', 'lng'],
	services: ['services', 'service', 'services_offerts', 'offre_de_services', 'types_de_services', 'type_de_service'],
	audiences: ['audiences', 'audience', 'public', 'publics', 'public_cible', 'clientele', 'clienteles', 'target_audience'],
	ages: ['ages', 'age', 'age_range', 'tranche_d_age', 'tranche_age', 'groupe_d_age', 'ages_servis'],
	genders: ['genders', 'gender', 'genres', 'genre', 'sexe'],
	languages: ['languages', 'language', 'langues', 'langue', 'langues_parlees'],
	phone: ['phone', 'telephone', 'tel', 'phone_number', 'numero_de_telephone', 'telephone_direct', 'direct_phone'],
	email: ['email', 'e_mail', 'courriel', 'mail', 'adresse_courriel', 'courriel_direct'],
	website: ['website', 'site_web', 'site', 'url', 'site_internet', 'web', 'internet'],
	hours: ['hours', 'heures', 'horaire', 'horaires', 'heures_d_ouverture', 'opening_hours'],
	member: ['member', 'membre', 'est_membre', 'membership'],
	updated: ['updated', 'mis_a_jour', 'mise_a_jour', 'date_de_mise_a_jour', 'date_mise_a_jour', 'last_updated', 'derniere_mise_a_jour'],
	contact: ['contact', 'contact_person', 'contact_name', 'personne_contact', 'personne_ressource', 'responsable', 'nom_du_contact']
};

/** The header's problems as errors: a name and services are needed, and somewhere to find the partner. */
function checkHeader(h: ResolvedRoles<PartnerRole>, issues: IssueCollector): void {
	for (const role of ['name', 'services'] as const)
		if (h.roles[role] === undefined) issues.error({ line: 1, column: role, value: null, code: 'missing_column', params: { role } });
	const located = h.roles.address !== undefined || h.roles.borough !== undefined || (h.roles.latitude !== undefined && h.roles.longitude !== undefined);
	if (!located) issues.error({ line: 1, column: 'address', value: null, code: 'missing_column', params: { role: 'address' } });
}

/**
 * Loads the partners directory: one row per organisation or site with its name, address and/or
 * coordinates (or borough), services from the catalog, audiences, contacts, website, hours,
 * membership and the date it was last updated. All or nothing, and one directory: a file that
 * loads replaces the previous one in the same transaction. Partners outside every area (elsewhere
 * in the province) are kept, with a warning each.
 */
export async function loadPartners(db: Db, path: string, opts: DiagnosticLoadOptions = {}): Promise<DiagnosticIngestResult> {
	const { issues, fail, geography, file } = await startDiagnosticLoad(db, path, opts);
	if (!file) return fail();
	const header = readDiagnosticHeader(file.records, PARTNER_ALIASES, opts.columns, issues, (h) => checkHeader(h, issues));
	if (!header) return fail();
	const { h, rows } = header;
	const service = serviceMatcher(listPartnerServices(db));
	const partners: PartnerInsert[] = [];
	for (const rec of rows) {
		const row = readDiagnosticRow(h, rec, issues);
		if (!row) continue;
		const ctx: RowContext = { line: rec.line, get: row.get, err: row.err, issues, placer: file.placer, geography, service, header: (r) => h.headers[r] ?? null };
		const p = readPartnerRow(ctx, partners.length);
		if (p) partners.push(p);
	}
	if (issues.errorCount > 0) return fail();
	const dates = partners.map((p) => p.updated).filter((d): d is string => d !== null).sort();
	// The directory as of its latest update (else the day it was loaded): its "wave" in the datasets list.
	const wave = opts.wave ?? dates.at(-1) ?? new Date().toISOString().slice(0, 10);
	const summary = { geography, partners: partners.length, placed: partners.filter((p) => p.area_id !== null).length,
		outside: issues.warnings.filter((w) => w.code === 'point_outside').length, no_location: issues.warnings.filter((w) => w.code === 'no_location').length,
		with_contacts: partners.filter((p) => p.contact !== null || p.phone !== null || p.email !== null).length };
	if (opts.dryRun) return { ok: true, kind: 'partners', dataset_id: null, wave, rows: partners.length, dry_run: true, warnings: issues.warnings, summary };
	const result = db.transaction(() => {
		const id = insertDataset(db, {
			kind: 'partners', wave, title: opts.title ?? basename(path), file_name: opts.fileName ?? basename(path), sha256: file.sha256,
			created_by: opts.createdBy ?? 'cli', created_at: new Date().toISOString(), mapping: { geography, columns: h.mapping },
			design: { strata: false, psu: false, replicate: null }, synthetic: opts.synthetic ?? false
		});
		const replaced = replacePartnerDirectory(db, id, geography, partners);
		finishDataset(db, id, { rows: partners.length, wave });
		return { id, replaced };
	}).immediate();
	return { ok: true, kind: 'partners', dataset_id: result.id, wave, rows: partners.length, dry_run: false, warnings: issues.warnings,
		summary: { ...summary, replaced: result.replaced } };
}
