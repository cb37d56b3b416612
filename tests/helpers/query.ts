import type { z } from 'zod';
import { parseQuery } from '../../app/lib/server/request/params';

/** A page's query as its `load` parses it, from a search string or URL (tests call the view builders directly). */
export function query<S extends z.ZodObject>(schema: S, search: string | URL): z.output<S> {
	const url = typeof search === 'string' ? new URL(`http://x/${search}`) : search;
	const p = parseQuery(schema, url.searchParams);
	if (!p.ok) throw new Error(`bad parameter ${p.bad.name}=${p.bad.value}`);
	return p.value;
}
