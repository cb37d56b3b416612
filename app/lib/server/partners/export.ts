/**
 * The partners directory as CSV, in the shape `vigie ingest --kind partners` reads (an export can
 * be corrected and loaded again). Excel-safe as the other exports: `csvCell` neutralises
 * formulas, and the response adds a BOM. The contact columns are there only when the reader may
 * see them (`forReader` has already left them out otherwise).
 */
import { csvCell } from '../http/csv';
import type { PartnerView } from './directory';

/** `12-25`, `18+`, `0-17`; empty for every age. */
export function ageRangeText(min: number | null, max: number | null): string {
	if (min === null && max === null) return '';
	if (max === null) return `${min}+`;
	return `${min ?? 0}-${max}`;
}

const PUBLIC_COLUMNS = ['name', 'address', 'borough', 'latitude', 'longitude', 'services', 'ages', 'genders', 'languages', 'website', 'hours', 'member', 'updated'] as const;
const CONTACT_COLUMNS = ['contact', 'phone', 'email'] as const;

export function partnersCsv(partners: readonly PartnerView[], opts: { contacts: boolean; serviceLabel: (id: string) => string }): string {
	const columns = [...PUBLIC_COLUMNS, ...(opts.contacts ? CONTACT_COLUMNS : [])];
	const lines = [columns.join(',')];
	for (const p of partners) {
		const cells: Record<(typeof columns)[number], string | number | null> = {
			name: p.name, address: p.address, borough: p.area, latitude: p.lat, longitude: p.lon,
			services: p.services.map(opts.serviceLabel).join('; '), ages: ageRangeText(p.age_min, p.age_max), genders: p.genders.join('; '),
			languages: p.languages.join('; '), website: p.website, hours: p.hours, member: p.member === null ? null : p.member ? 'yes' : 'no',
			updated: p.updated, contact: p.contact ?? null, phone: p.phone ?? null, email: p.email ?? null
		};
		lines.push(columns.map((c) => csvCell(cells[c])).join(','));
	}
	return lines.join('\r\n') + '\r\n';
}
