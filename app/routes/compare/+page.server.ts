import type { PageServerLoad } from './$types';
import { COMPARE } from '$lib/server/views/page-views';
import { loadView } from '$lib/server/request/load';

/** Two boroughs, or a borough and the whole city, side by side: `?a=CODE&b=CODE|city&wave=W`. Viewer's tables only. */
export const load: PageServerLoad = (event) => loadView(event, COMPARE).view;
