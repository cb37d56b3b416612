import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { buildHome } from '$lib/server/home';

export const load: PageServerLoad = ({ url, locals }) => buildHome(getDb(), url, locals.locale);
