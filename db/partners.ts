import type { Db } from './handle';

/** A service of the catalog partners' `services` are checked against. */
export interface PartnerService {
	id: string;
	label_fr: string;
	label_en: string;
	aliases: string[];
	builtin: boolean;
}

export function listPartnerServices(db: Db): PartnerService[] {
	const rows = db.prepare('SELECT id, label_fr, label_en, aliases, builtin FROM partner_services ORDER BY builtin DESC, rowid').all() as
		{ id: string; label_fr: string; label_en: string; aliases: string; builtin: number }[];
	return rows.map((r) => ({ ...r, aliases: JSON.parse(r.aliases) as string[], builtin: r.builtin === 1 }));
}

export function addPartnerService(db: Db, s: Omit<PartnerService, 'builtin'>, by: string): void {
	db.prepare('INSERT INTO partner_services (id, label_fr, label_en, aliases, builtin, created_at, created_by) VALUES (?, ?, ?, ?, 0, ?, ?)')
		.run(s.id, s.label_fr, s.label_en, JSON.stringify(s.aliases), new Date().toISOString(), by);
}

/** How many partners of the directory offer a service (one that any offers cannot be removed). */
export function partnersOffering(db: Db, id: string): number {
	return db.prepare('SELECT count(*) FROM partners p, json_each(p.services) s WHERE s.value = ?').pluck().get(id) as number;
}

/** Removes an analyst's service; built-in services stay. True when one was removed. */
export function removePartnerService(db: Db, id: string): boolean {
	return db.prepare('DELETE FROM partner_services WHERE id = ? AND builtin = 0').run(id).changes > 0;
}

/** What a partner is, as loaded and as read back: the fields of one row of the directory. */
export interface PartnerFields {
	row_index: number;
	name: string;
	name_key: string;
	address: string | null;
	lon: number | null;
	lat: number | null;
	services: string[];
	age_min: number | null;
	age_max: number | null;
	genders: string[];
	languages: string[];
	website: string | null;
	hours: string | null;
	member: boolean | null;
	updated: string | null;
	contact: string | null;
	phone: string | null;
	email: string | null;
}

/** A partner to store: its line in the file and its area's row (null outside the geography). */
export interface PartnerInsert extends PartnerFields {
	line: number;
	area_id: number | null;
}

/**
 * Makes `datasetId`'s partners the directory: inserts them and deletes every earlier partners
 * dataset (and, by cascade, its rows). Inside the caller's transaction, so readers see the old
 * directory or the new one, never a mix.
 */
export function replacePartnerDirectory(db: Db, datasetId: number, geography: string, partners: readonly PartnerInsert[]): number[] {
	const insert = db.prepare(
		`INSERT INTO partners (dataset_id, row_index, line, name, name_key, address, lon, lat, geography, area_id, services, age_min, age_max,
		   genders, languages, website, hours, member, updated, contact, phone, email)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	for (const p of partners) {
		insert.run(datasetId, p.row_index, p.line, p.name, p.name_key, p.address, p.lon, p.lat, geography, p.area_id, JSON.stringify(p.services),
			p.age_min, p.age_max, JSON.stringify(p.genders), JSON.stringify(p.languages), p.website, p.hours,
			p.member === null ? null : p.member ? 1 : 0, p.updated, p.contact, p.phone, p.email);
	}
	const older = db.prepare("SELECT id FROM datasets WHERE kind = 'partners' AND id <> ?").pluck().all(datasetId) as number[];
	const remove = db.prepare('DELETE FROM datasets WHERE id = ?');
	for (const id of older) remove.run(id);
	return older;
}

/** A partner as stored, with its area's name and code (null outside the geography). */
export interface PartnerRecord extends PartnerFields {
	dataset_id: number;
	geography: string;
	area: string | null;
	area_code: string | null;
}

/** Every partner of the directory, in name order. Contacts included: the caller decides who sees them. */
export function readPartnerDirectory(db: Db): PartnerRecord[] {
	const rows = db
		.prepare(
			`SELECT p.dataset_id, p.row_index, p.name, p.name_key, p.address, p.lon, p.lat, p.geography, a.name AS area, a.code AS area_code,
			   p.services, p.age_min, p.age_max, p.genders, p.languages, p.website, p.hours, p.member, p.updated, p.contact, p.phone, p.email
			 FROM partners p JOIN datasets d ON d.id = p.dataset_id AND d.kind = 'partners'
			 LEFT JOIN areas a ON a.id = p.area_id
			 ORDER BY p.name_key, p.row_index`
		)
		.all() as (Omit<PartnerRecord, 'services' | 'genders' | 'languages' | 'member'> & { services: string; genders: string; languages: string; member: number | null })[];
	return rows.map((r) => ({ ...r, services: JSON.parse(r.services), genders: JSON.parse(r.genders), languages: JSON.parse(r.languages),
		member: r.member === null ? null : r.member === 1 }));
}
