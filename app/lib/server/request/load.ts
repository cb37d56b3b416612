/**
 * The skeleton every dashboard page, its exports and the API read a request with:
 *
 *   parse the query (a 400 in the reader's language naming the bad parameter)
 *   → check the role (`dashboard.read`; `estimates.unsuppressed` for `suppress=0`)
 *   → read the cache (cache.ts) → else compute the view → the caller formats it.
 *
 * A view is described once (`ViewSpec`: its name, its query, what its value depends on, how it is
 * computed) and loaded the same way by the page and its exports, so that an export holds exactly
 * the numbers the page showed and costs nothing more once the page was seen.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Db } from '../../../../db/connection';
import { t, type Locale } from '../../i18n';
import { allows, requirePermission } from '../auth/guard';
import { audienceOf, cached } from '../cache/cache';
import { getDb } from '../db';
import { parseQuery, queryInput, badParam, type BadParam } from './params';

type LoadEvent = Pick<RequestEvent, 'locals' | 'url' | 'request' | 'getClientAddress'>;

/** Who reads, as far as a view cares: the language and suppression. */
export interface Reader {
	locale: Locale;
	/** Suppressed values removed (every viewer; an analyst unless they asked `suppress=0`). */
	suppress: boolean;
	/** An analyst's `suppress=0`: pages and exports say "not for publication". */
	unsuppressed: boolean;
	/** The reader may ask for suppressed values (the page offers the switch). */
	canUnsuppress: boolean;
}

export interface ViewSpec<S extends z.ZodObject, V> {
	/** The view's name in cache keys: `overview`, `explorer`… */
	kind: string;
	query: S;
	/** What the view's value depends on in the parsed query (default: all of it but `suppress`). */
	key?: (q: z.output<S>) => unknown;
	compute: (db: Db, q: z.output<S>, reader: Reader) => V;
}

/** The localised 400 for a bad parameter (the same words as the API's). */
export function badRequest(locale: Locale, bad: BadParam): never {
	error(400, { message: t(locale, 'api.bad_value', { name: bad.name, value: bad.value, allowed: bad.allowed.join(', ') }) });
}

/** The query parsed with `schema` (`fixed`: values the path gives, e.g. the portrait's borough), or a 400. */
export function readQuery<S extends z.ZodObject>(event: LoadEvent, schema: S, fixed: Record<string, string> = {}): z.output<S> {
	if (Object.keys(fixed).length === 0) {
		const p = parseQuery(schema, event.url.searchParams);
		return p.ok ? p.value : badRequest(event.locals.locale, p.bad);
	}
	const r = schema.safeParse({ ...queryInput(schema, event.url.searchParams), ...fixed });
	return r.success ? r.data : badRequest(event.locals.locale, badParam(r.error));
}

/**
 * The permission to read the dashboard, the query, and the suppression asked for: `suppress=0`
 * needs `estimates.unsuppressed` (403 for anyone else). Queries without `suppress` (the
 * comparison's) are always the viewer's tables.
 */
export function readRequest<S extends z.ZodObject>(event: LoadEvent, schema: S, fixed?: Record<string, string>): { q: z.output<S>; reader: Reader } {
	requirePermission(event, 'dashboard.read');
	const q = readQuery(event, schema, fixed);
	const suppress = (q as { suppress?: boolean }).suppress !== false;
	if (!suppress) requirePermission(event, 'estimates.unsuppressed');
	const reader: Reader = { locale: event.locals.locale, suppress, unsuppressed: !suppress, canUnsuppress: allows(event.locals, 'estimates.unsuppressed') };
	return { q, reader };
}

/** The view for this request: read as above, then kept under its parameters, language and suppression. */
export function loadView<S extends z.ZodObject, V>(event: LoadEvent, spec: ViewSpec<S, V>, fixed?: Record<string, string>): { view: V; q: z.output<S>; reader: Reader } {
	const { q, reader } = readRequest(event, spec.query, fixed);
	return { view: viewFor(spec, q, reader), q, reader };
}

/** A view for parameters already read (another view built on this one, the warm-up after a start). */
export function viewFor<S extends z.ZodObject, V>(spec: ViewSpec<S, V>, q: z.output<S>, reader: Reader, db: Db = getDb()): V {
	const { suppress: _s, ...rest } = q as Record<string, unknown>;
	const params = spec.key ? spec.key(q) : rest;
	return cached(db, { kind: spec.kind, params, locale: reader.locale, audience: audienceOf(reader.suppress) }, () => spec.compute(db, q, reader));
}
