import { defaultDbPath, openDb } from '../../../../db/connection';
import { loadMontrealAreas } from '../../../../ingest/areas';
import { demoScopeFromEnv, ensureDemoData } from '../ingestion/demo';
import { publicFromEnv, setPublic } from '../auth/access';
import { localeFromEnv, setDefaultLocale } from '../settings/locale';
import { cliActor } from '../auth/audit-log';
import { clearSetupCode, issueSetupCode, needsSetup } from '../auth/setup';
import { prestartWarmUp, startEarlyRun } from '../jobs/warm-up-early';
import { dataVersion } from '../cache/cache';

/**
 * `npm start`: migrate, load the areas and (into an empty database) the demo data, apply
 * VIGIE_PUBLIC and VIGIE_DEFAULT_LANG, serve. Until an admin exists, prints the one-time setup
 * link. The build is brought up to date before this runs, by bin/vigie.js.
 */
export async function runServe(): Promise<number> {
	const publicMode = publicFromEnv(process.env.VIGIE_PUBLIC);
	const lang = localeFromEnv(process.env.VIGIE_DEFAULT_LANG);
	const path = defaultDbPath();
	const db = openDb(path);
	// Started already by bin/vigie.js; here when the command runs from the sources.
	prestartWarmUp();
	let setupCode: string | null = null;
	let handedOver = false;
	try {
		loadMontrealAreas(db);
		const loaded = await ensureDemoData(db, path, demoScopeFromEnv(process.env.VIGIE_DEMO));
		if (loaded.length) process.stdout.write(`Loaded the synthetic demo survey${loaded.length > 2 ? " and diagnostic data" : ""} (datasets ${loaded.join(', ')}).\n`);
		if (publicMode !== undefined) setPublic(db, publicMode, { ...cliActor(), name: 'env:VIGIE_PUBLIC' });
		if (lang !== undefined) setDefaultLocale(db, lang, { ...cliActor(), name: 'env:VIGIE_DEFAULT_LANG' });
		if (needsSetup(db)) setupCode = issueSetupCode(db);
		else clearSetupCode(db);
		// The warm-up computes the data as it is now while the dashboard loads; the dashboard takes
		// the run over if nothing was committed since, which this connection tells until then.
		const version = dataVersion(db);
		handedOver = startEarlyRun(path, { unchanged: () => dataVersion(db) === version, release: () => db.close() });
	} finally {
		if (!handedOver) db.close();
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
