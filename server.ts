/**
 * The production server: Express 5 hosting the built SvelteKit handler (build/handler.js), with a
 * health check and graceful shutdown. Settings: PORT (3000), HOST (0.0.0.0), ORIGIN (the public
 * URL; defaults to http://localhost:PORT so that form posts pass SvelteKit's CSRF check over
 * plain http), VIGIE_DB (data/vigie.db).
 */
import express, { type RequestHandler } from 'express';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultDbPath, openDb } from './db/connection';
import { defaultLimits } from './ingest/csv';

export interface StartOptions {
	port?: number;
	host?: string;
}

export async function startServer(opts: StartOptions = {}): Promise<Server> {
	const port = opts.port ?? Number(process.env.PORT ?? 3000);
	const host = opts.host ?? process.env.HOST ?? '0.0.0.0';
	process.env.ORIGIN ??= `http://localhost:${port}`;
	// Uploads stream to disk with their own limit (VIGIE_MAX_FILE_BYTES, 2 GiB by default); the
	// adapter's request body limit must not cut them short first.
	process.env.BODY_SIZE_LIMIT ??= String(defaultLimits().maxFileBytes + 1024 * 1024);
	const { handler } = (await import(pathToFileURL(resolve('build/handler.js')).href)) as { handler: RequestHandler };

	const health = openDb(defaultDbPath());
	const app = express();
	app.disable('x-powered-by');
	app.get('/healthz', (_req, res) => {
		try {
			health.prepare('SELECT 1').get();
			res.json({ status: 'ok' });
		} catch (err) {
			res.status(503).json({ status: 'error', detail: (err as Error).message });
		}
	});
	app.use(handler);

	const server = await new Promise<Server>((ok, fail) => {
		const s = app.listen(port, host, () => ok(s));
		s.on('error', fail);
	});
	process.stdout.write(`Vigie is listening on ${process.env.ORIGIN}\n`);

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
