import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { audit } from '$lib/server/auth/audit-log';
import { field } from '$lib/server/auth/cookies';
import { addIndicators, isDefaultIndicator, loadCatalog, removeIndicator } from '$lib/server/settings/catalog';
import { buildCatalogPage } from '$lib/server/views/catalog';
import { t } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** A definition file bigger than this is not an indicator definition. */
const MAX_DEFINITION_BYTES = 1_000_000;

/** /catalog: the indicators in force, for analysts; `?remove=ID` asks to confirm a removal. */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'catalog.edit');
	const db = getDb();
	const asked = event.url.searchParams.get('remove');
	const confirm = asked && !isDefaultIndicator(asked) ? loadCatalog(db).indicators.find((d) => d.id === asked)
		?? loadCatalog(db).diagnostics.find((d) => d.id === asked) : undefined;
	return {
		...buildCatalogPage(db, event.locals.locale),
		confirmRemove: confirm ? { id: confirm.id, label: confirm.label[event.locals.locale] } : null
	};
};

export const actions: Actions = {
	add: async (event) => {
		const user = requireUser(event, 'catalog.edit');
		const locale = event.locals.locale;
		const form = await event.request.formData();
		const file = form.get('file');
		let text = field(form, 'definition');
		if (file instanceof File && file.size > 0) {
			if (file.size > MAX_DEFINITION_BYTES) return fail(400, { add: { definition: text, problems: [t(locale, 'catalog.file_too_big', { name: file.name })] } });
			text = await file.text();
		}
		if (!text.trim()) return fail(400, { add: { definition: text, problems: [t(locale, 'catalog.empty')] } });
		let input: unknown;
		try {
			input = JSON.parse(text);
		} catch (err) {
			return fail(400, { add: { definition: text, problems: [t(locale, 'catalog.not_json', { message: (err as Error).message })] } });
		}
		const db = getDb();
		const r = addIndicators(db, input, user.email, locale);
		if (!r.ok) return fail(400, { add: { definition: text, problems: r.problems } });
		audit(db, actorOf(event), 'catalog_add', { indicators: r.ids });
		return { added: r.ids };
	},
	remove: async (event) => {
		requireUser(event, 'catalog.edit');
		const locale = event.locals.locale;
		const form = await event.request.formData();
		const id = field(form, 'id');
		if (form.get('confirm') !== 'on') return fail(400, { remove: { id, problems: [t(locale, 'catalog.must_confirm')] } });
		const db = getDb();
		const r = removeIndicator(db, id, locale);
		if (!r.ok) return fail(400, { remove: { id, problems: r.problems } });
		audit(db, actorOf(event), 'catalog_remove', { indicators: r.ids });
		return { removed: id };
	}
};
