/**
 * The production server: Express 5 hosting the built SvelteKit handler (build/handler.js), with a
 * health check, the security rules every response follows, and graceful shutdown. Settings: PORT
 * (3000), HOST (0.0.0.0), ORIGIN (the public URL; defaults to http://localhost:PORT so that form
 * posts pass SvelteKit's CSRF check over plain http), TRUST_PROXY (a reverse proxy's X-Forwarded-*
 * headers are believed), BODY_SIZE_LIMIT (upload paths; VIGIE_MAX_FILE_BYTES + 1 MB by default), VIGIE_DB (data/vigie.db).
 */
import type { Request, RequestHandler } from 'express';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultDbPath, openDb } from './db/connection';
import { defaultLimits } from './ingest/csv';
import {
	HSTS, isCrossOriginWrite, isSecureRequest, isUploadPath, NON_PAGE_CSP, SECURITY_HEADERS, SMALL_BODY_LIMIT, trustProxy
} from './app/lib/server/auth/http-policy';
import { vanishedBuiltFiles } from './app/lib/server/http/built-files';
import { inBothLanguages } from './app/lib/i18n';

export interface StartOptions {
	port?: number;
	host?: string;
}

/**
 * adapter-node reads its settings from the environment when the handler is imported: the public
 * URL (ORIGIN, or behind a trusted proxy the X-Forwarded-Proto and -Host headers) and the largest
 * request body.
 */
function configureHandlerEnv(port: number, trusted: boolean): void {
	const env = process.env;
	// The client's address behind a proxy is read by the hooks (clientAddress), not through
	// ADDRESS_HEADER, which would fail every request that reaches Vigie without the proxy.
	if (trusted && !env.ORIGIN) {
		env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
		env.HOST_HEADER ??= 'x-forwarded-host';
	} else {
		env.ORIGIN ??= `http://localhost:${port}`;
	}
	// Uploads stream to disk with their own limit (VIGIE_MAX_FILE_BYTES, 2 GiB by default): the
	// adapter's limit on the upload paths must not cut them short first.
	env.BODY_SIZE_LIMIT ??= String(defaultLimits().maxFileBytes + 1024 * 1024);
}

/** The origin the browser sees: ORIGIN, else (behind a trusted proxy) what the proxy forwarded. */
function publicOrigin(req: Request): string | null {
	if (process.env.ORIGIN) return new URL(process.env.ORIGIN).origin;
	const proto = req.get('x-forwarded-proto')?.split(',')[0]?.trim();
	const host = req.get('x-forwarded-host')?.split(',')[0]?.trim() ?? req.get('host');
	return proto && host ? `${proto}://${host}` : null;
}

/** Security headers, the cross-origin write check and the small-body limit, for Express's routes and SvelteKit's alike. */
function securityRules(trusted: boolean): RequestHandler {
	return (req, res, next) => {
		for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
		// SvelteKit's pages replace this with their own policy (kit.csp).
		res.setHeader('content-security-policy', NON_PAGE_CSP);
		const origin = publicOrigin(req);
		if (origin && isSecureRequest(new URL(origin).protocol, req.get('x-forwarded-proto'), trusted)) res.setHeader('strict-transport-security', HSTS);
		if (isCrossOriginWrite(req.method, { origin: req.get('origin'), secFetchSite: req.get('sec-fetch-site') }, origin ? [origin] : [])) {
			res.status(403).json({ error: { code: 'cross_origin', message: inBothLanguages('auth.cross_origin') } });
			return;
		}
		const length = Number(req.get('content-length') ?? 0);
		if (length > SMALL_BODY_LIMIT && !isUploadPath(req.path)) {
			res.status(413).json({ error: { code: 'body_too_large', message: inBothLanguages('http.body_too_large') } });
			req.resume();
			return;
		}
		next();
	};
}

export async function startServer(opts: StartOptions = {}): Promise<Server> {
	const port = opts.port ?? Number(process.env.PORT ?? 3000);
	const host = opts.host ?? process.env.HOST ?? '0.0.0.0';
	const trusted = trustProxy();
	configureHandlerEnv(port, trusted);
	const { handler } = (await import(pathToFileURL(resolve('build/handler.js')).href)) as { handler: RequestHandler };
	// Imported here rather than at the top: the command line holds this module, and every command
	// (and `serve` before it starts the cache warm-up) would otherwise load Express first.
	const [{ default: express }, { default: compression }] = await Promise.all([import('express'), import('compression')]);

	const health = openDb(defaultDbPath());
	const app = express();
	app.disable('x-powered-by');
	if (trusted) app.set('trust proxy', 1); // one proxy in front, as adapter-node's XFF_DEPTH=1
	app.use(securityRules(trusted));
	// Pages, JSON, CSV and SVG go out as brotli or gzip, whichever the client accepts (compressible
	// types only: PNG, PowerPoint and database files are compressed already). Built assets are
	// compressed at build time (adapter-node's precompress); the files served from there carry
	// their content-encoding, which this middleware leaves as it is.
	app.use(compression());
	app.get('/healthz', (_req, res) => {
		try {
			health.prepare('SELECT 1').get();
			res.json({ status: 'ok' });
		} catch (err) {
			res.status(503).json({ status: 'error', detail: (err as Error).message });
		}
	});
	app.use(vanishedBuiltFiles(resolve('build/client')));
	app.use(handler);

	const server = await new Promise<Server>((ok, fail) => {
		const s = app.listen(port, host, () => ok(s));
		s.on('error', fail);
	});
	// Idle keep-alive connections stay open longer than a reverse proxy's or a client's pool keeps
	// them (60 s is common), so that the server never closes one just as a client reuses it: that
	// race fails the client's request ("socket hang up" / a proxy's 502). Node's default is 5 s.
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	process.stdout.write(`Vigie is listening on ${process.env.ORIGIN ?? `http://localhost:${port}`}\n`);

	let closing = false;
	const shutdown = (signal: string) => {
		if (closing) return;
		closing = true;
		process.stdout.write(`${signal}: finishing open requests, then stopping.\n`);
		server.close(() => {
			health.close();
			process.exit(0);
		});
		server.closeIdleConnections();
		// A client that holds a connection open does not keep the process alive for ever.
		setTimeout(() => process.exit(1), 10_000).unref();
	};
	process.once('SIGTERM', () => shutdown('SIGTERM'));
	process.once('SIGINT', () => shutdown('SIGINT'));
	return server;
}
