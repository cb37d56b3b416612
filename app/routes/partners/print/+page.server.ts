import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guard';
import { directoryFor } from '$lib/server/partners/page';

/** The filtered directory as one printable list (print it, or save it as PDF from the browser). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	return { ...directoryFor(event), printedOn: new Date().toISOString().slice(0, 10) };
};
