/**
 * The catalog of partners' services as analysts extend it: a new service is checked (its id, both
 * names, and no name another service already answers to, since a file's value must name one
 * service only); a service is removed only when it is not built in and no partner offers it.
 */
import { z } from 'zod';
import type { Db } from '../../../../db/connection';
import { addPartnerService, listPartnerServices, partnersOffering, removePartnerService } from '../../../../db/partners';
import { headerKey } from '../../../../ingest/survey/schema';
import { t, type Locale } from '../../i18n';

const ServiceInput = z.object({
	id: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
	label_fr: z.string().trim().min(1).max(80),
	label_en: z.string().trim().min(1).max(80),
	aliases: z.array(z.string().trim().min(1).max(80)).max(30)
});
export type ServiceInput = z.infer<typeof ServiceInput>;

export type ServiceChange = { ok: true; label: string } | { ok: false; problem: string };

export function addService(db: Db, raw: { id: string; label_fr: string; label_en: string; aliases: string }, by: string, locale: Locale): ServiceChange {
	const aliases = raw.aliases.split(';').map((a) => a.trim()).filter(Boolean);
	const parsed = ServiceInput.safeParse({ ...raw, id: raw.id.trim(), aliases });
	if (!parsed.success) {
		const path = parsed.error.issues[0]?.path[0];
		return { ok: false, problem: t(locale, path === 'id' ? 'partners.service_bad_id' : 'partners.service_label_required') };
	}
	const s = parsed.data;
	const taken = new Map<string, string>();
	for (const e of listPartnerServices(db))
		for (const name of [e.id, e.label_fr, e.label_en, ...e.aliases]) taken.set(headerKey(name), locale === 'fr' ? e.label_fr : e.label_en);
	const clash = [s.id, s.label_fr, s.label_en, ...s.aliases].map((n) => taken.get(headerKey(n))).find((x) => x !== undefined);
	if (clash) return { ok: false, problem: t(locale, 'partners.service_exists', { label: clash }) };
	addPartnerService(db, s, by);
	return { ok: true, label: locale === 'fr' ? s.label_fr : s.label_en };
}

export function removeService(db: Db, id: string, locale: Locale): ServiceChange {
	const s = listPartnerServices(db).find((x) => x.id === id);
	if (!s || s.builtin) return { ok: false, problem: t(locale, 'partners.service_not_removable') };
	const label = locale === 'fr' ? s.label_fr : s.label_en;
	const used = partnersOffering(db, id);
	if (used > 0) return { ok: false, problem: t(locale, 'partners.service_in_use', { label, count: used }) };
	removePartnerService(db, id);
	return { ok: true, label };
}

/** The catalog as the services page lists it, with how many partners offer each service. */
export function servicesPage(db: Db, locale: Locale) {
	return listPartnerServices(db).map((s) => ({ id: s.id, label_fr: s.label_fr, label_en: s.label_en, aliases: s.aliases, builtin: s.builtin,
		used: partnersOffering(db, s.id), label: locale === 'fr' ? s.label_fr : s.label_en }));
}
