import { loadCatalog } from '$lib/i18n';
import type { LayoutLoad } from './$types';

/** In the browser, the reader's messages are fetched before anything is drawn; the server has both languages already. */
export const load: LayoutLoad = async ({ data }) => {
	await loadCatalog(data.locale);
	return data;
};
