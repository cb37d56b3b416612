import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDbPath, openDb } from '../../../../db/connection';
import { loadMontrealAreas } from '../../../../ingest/areas';
import { demoScopeFromEnv, ensureDemoData } from '../demo';
import { publicFromEnv, setPublic } from '../auth/access';
import { localeFromEnv, setDefaultLocale } from '../locale';
import { cliActor } from '../auth/audit';
import { clearSetupCode, issueSetupCode, needsSetup } from '../auth/setup';

/** Newest modification time under the given paths (the app's sources). */
function newest(paths: string[]): number {
	let t = 0;
	for (const p of paths) {
		if (!existsSync(p)) continue;
		const s = statSync(p);
		if (s.isDirectory()) t = Math.max(t, newest(readdirSync(p).map((f) => join(p, f))));
		else t = Math.max(t, s.mtimeMs);
	}
	return t;
}

/** Builds the SvelteKit app when there is no build or the sources are newer than it. */
function ensureBuild(): void {
	const handler = 'build/handler.js';
	const sources = ['app', 'db', 'ingest', 'svelte.config.js', 'vite.config.ts', 'package.json'];
	if (existsSync(handler) && statSync(handler).mtimeMs >= newest(sources)) return;
	process.stdout.write('Building the dashboard (vite build)…\n');
	// A production build whatever the caller's NODE_ENV (under a test runner it is "test").
	const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
		stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' }
	});
	if (r.status !== 0) throw new Error('vite build failed');
}

/**
 * `npm start`: build if needed, migrate, load the areas and (into an empty database) the demo
 * data, apply VIGIE_PUBLIC and VIGIE_DEFAULT_LANG, serve. Until an admin exists, prints the one-time setup link.
 */
export async function runServe(): Promise<number> {
	const publicMode = publicFromEnv(process.env.VIGIE_PUBLIC);
	const lang = localeFromEnv(process.env.VIGIE_DEFAULT_LANG);
	ensureBuild();
	const path = defaultDbPath();
	const db = openDb(path);
	let setupCode: string | null = null;
	try {
		loadMontrealAreas(db);
		const loaded = await ensureDemoData(db, path, demoScopeFromEnv(process.env.VIGIE_DEMO));
		if (loaded.length) process.stdout.write(`Loaded the synthetic demo survey${loaded.length > 2 ? " and diagnostic data" : ""} (datasets ${loaded.join(', ')}).\n`);
		if (publicMode !== undefined) setPublic(db, publicMode, { ...cliActor(), name: 'env:VIGIE_PUBLIC' });
		if (lang !== undefined) setDefaultLocale(db, lang, { ...cliActor(), name: 'env:VIGIE_DEFAULT_LANG' });
		if (needsSetup(db)) setupCode = issueSetupCode(db);
		else clearSetupCode(db);
	} finally {
		db.close();
	}
	const { startServer } = await import('../../../../server');
	await startServer();
	if (setupCode) {
		const origin = process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`;
		process.stdout.write(
			`\nNo administrator yet. Create one at ${origin}/setup?code=${setupCode}\n` +
				`(or with: npx vigie users add EMAIL --role admin, password on standard input)\n\n`
		);
	}
	return 0;
}
