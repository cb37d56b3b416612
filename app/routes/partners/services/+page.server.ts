import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { audit } from '$lib/server/auth/audit-log';
import { field } from '$lib/server/auth/cookies';
import { addService, removeService, servicesPage } from '$lib/server/partners/services';
import type { Actions, PageServerLoad } from './$types';

/** /partners/services: the catalog of partners' services, for analysts (who edit the catalogs). */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'catalog.edit');
	return { services: servicesPage(getDb(), event.locals.locale) };
};

export const actions: Actions = {
	add: async (event) => {
		const user = requireUser(event, 'catalog.edit');
		const form = await event.request.formData();
		const raw = { id: field(form, 'id'), label_fr: field(form, 'label_fr'), label_en: field(form, 'label_en'), aliases: field(form, 'aliases') };
		const r = addService(getDb(), raw, user.email, event.locals.locale);
		if (!r.ok) return fail(400, { add: raw, problem: r.problem });
		audit(getDb(), actorOf(event), 'catalog_add', { partner_service: raw.id.trim() });
		return { added: r.label };
	},
	remove: async (event) => {
		requireUser(event, 'catalog.edit');
		const form = await event.request.formData();
		const id = field(form, 'id');
		const r = removeService(getDb(), id, event.locals.locale);
		if (!r.ok) return fail(400, { problem: r.problem });
		audit(getDb(), actorOf(event), 'catalog_remove', { partner_service: id });
		return { removed: r.label };
	}
};
