import type { PageServerLoad } from './$types';
import { directoryFor } from '$lib/server/partners/page';

/** The filtered directory as one printable list (print it, or save it as PDF from the browser). */
export const load: PageServerLoad = (event) => ({ ...directoryFor(event), printedOn: new Date().toISOString().slice(0, 10) });
