#!/usr/bin/env node
// Records what the API, the chart exports and the command line answer for the demo data, one file
// per request, so that a refactoring can be checked for changed behaviour:
//   node scripts/snapshot-outputs.js /tmp/before      (on the commit before the change)
//   node scripts/snapshot-outputs.js /tmp/after       (after it)
//   diff -r /tmp/before /tmp/after
// It starts `vigie serve` (which builds what is stale) on a fresh database in a temporary folder with
// every demo dataset (VIGIE_DEMO=all) and an administrator, public, on a free port; fetches a fixed list of URLs as
// an anonymous reader; stops the server; then runs `vigie estimate` on the same database.
// Each file holds the status, the content type and the body, with every timestamp (when the demo
// was loaded) written <time>. A PowerPoint file is a zip whose dates change with each request: its
// parts are written instead, each under its own name (the workbook of each chart unzipped too),
// without docProps/core.xml (the creation date).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const API = [
	'/api/indicators', '/api/indicators.csv', '/api/areas', '/api/areas?geometry=1',
	'/api/indicators/feel_safe_after_dark', '/api/indicators/feel_safe_after_dark.csv?by=age_group,gender',
	'/api/indicators/feel_safe_after_dark?wave=2024&by=borough&compare=rest,previous_wave',
	'/api/indicators/feel_safe_after_dark?wave=2024&by=borough&compare=rest&lang=en',
	'/api/indicators/feel_safe_after_dark.csv?wave=2024&by=borough,age_group,gender&lang=en',
	'/api/indicators/feel_safe_after_dark?suppress=0',
	'/api/indicators/strong_belonging_yes?wave=2024', '/api/indicators/trust_police_mean?wave=2023&by=borough',
	'/api/indicators/victim_context?wave=2024&by=gender', '/api/indicators/victim_context.csv?by=borough',
	'/api/indicators/incident_count?by=borough', '/api/indicators/incident_rate?by=borough,category',
	'/api/indicators/incident_rate.csv?by=month&lang=en', '/api/indicators/incident_rate?by=district',
	'/api/indicators/audit_score?by=criterion', '/api/indicators/audit_poor_share?by=borough',
	'/api/indicators/mapping_points?by=borough', '/api/indicators/mapping_unsafe_share?by=borough',
	'/api/indicators/no_such_indicator', '/api/indicators/incident_rate?wave=1999',
	'/api/layers/mapping?size=300', '/api/layers/incidents', '/api/layers/audit', '/api/layers/nope',
	'/api/partners', '/api/partners.csv', '/api/partners?service=street_work', '/api/partners?age=abc', '/api/partners?area=XX&lang=en'
];

const charts = (view, ids, query, formats = ['csv', 'svg']) =>
	ids.flatMap((id) => formats.map((f) => `/export/${view}/${id}.${f}${query}`));

const EXPORTS = [
	...charts('explorer', ['age-gender', 'boroughs'], '?wave=2024'),
	...charts('explorer', ['age-gender', 'boroughs'], '?wave=2023&borough=MN&lang=en&order=alpha', ['csv', 'svg', 'pptx']),
	'/export/explorer/age-gender.csv?variant=en', '/export/explorer/nope.csv', '/export/explorer/age-gender.gif',
	...charts('overview', ['boroughs', 'groups', 'trend', 'shares'], '?lang=en'),
	...['AC', 'MN', 'VM'].flatMap((b) => charts('portrait', ['all', 'youth', 'all-means', 'youth-women', 'youth-men', 'victim_context', 'perpetrator_gender'], `?borough=${b}`)),
	...charts('portrait', ['all', 'youth', 'victim_context'], '?borough=AC&lang=en', ['csv', 'svg', 'pptx']),
	'/export/portrait/deck.pptx?borough=AC', '/export/portrait/deck.pptx?borough=MN&lang=en', '/export/portrait/deck.pptx?borough=ZZ',
	...charts('compare', ['side-shares', 'shares-a', 'shares-b'], '?a=MN&b=AC&lang=en', ['csv', 'svg', 'pptx']),
	...charts('compare', ['side-shares'], '?a=AJ&b=city&wave=2023'),
	...charts('map', ['rates'], '?layers=rates&lang=en', ['csv', 'svg', 'pptx']),
	...charts('map', ['rates'], '?layers=rates&indicator=incident_count&geography=montreal')
];

const CLI = [
	['estimate', '--indicator', 'feel_safe_after_dark', '--format', 'json'],
	['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--by', 'borough,age_group,gender', '--format', 'csv'],
	['estimate', '--indicator', 'feel_safe_after_dark', '--by', 'borough', '--compare', 'rest,previous_wave', '--format', 'json'],
	['estimate', '--indicator', 'trust_police_mean', '--by', 'gender', '--ci', 'logit', '--format', 'csv'],
	['estimate', '--indicator', 'victim_context', '--by', 'gender', '--no-suppress', '--format', 'json'],
	['estimate', '--indicator', 'incident_rate', '--by', 'borough,category', '--format', 'json'],
	['estimate', '--indicator', 'incident_count', '--by', 'month', '--format', 'csv'],
	['estimate', '--indicator', 'audit_score', '--by', 'criterion', '--format', 'json'],
	['estimate', '--indicator', 'audit_poor_share', '--by', 'borough', '--format', 'csv'],
	['estimate', '--indicator', 'mapping_points', '--by', 'borough', '--format', 'json'],
	['estimate', '--indicator', 'mapping_unsafe_share', '--by', 'borough', '--format', 'csv'],
	['estimate', '--indicator', 'nope']
];

function freePort() {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.on('error', fail);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => ok(port));
		});
	});
}

const fileName = (s) => s.replace(/^\//, '').replace(/[^A-Za-z0-9._,=-]+/g, '_').slice(0, 180);

/** The environment of a run: English messages, none of the caller's Vigie settings. */
function cleanEnv(extra) {
	const env = { ...process.env };
	for (const k of Object.keys(env)) if (k.startsWith('VIGIE_') || k.startsWith('VITEST') || ['LANG', 'LC_ALL', 'LANGUAGE', 'NODE_ENV'].includes(k)) delete env[k];
	return { ...env, ...extra };
}

/** A moment of the run (when a dataset was loaded) as a fixed word: it differs between any two runs. */
const TIMESTAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
const timeless = (text) => text.replace(TIMESTAMP, '<time>');

/** A zip's parts (a PowerPoint file, the workbook inside each chart) written one a file, without their dates. */
async function unzipInto(dir, bytes) {
	const zip = await JSZip.loadAsync(bytes);
	mkdirSync(dir, { recursive: true });
	for (const name of Object.keys(zip.files).sort()) {
		if (zip.files[name].dir || name === 'docProps/core.xml') continue;
		const part = await zip.files[name].async('nodebuffer');
		if (name.endsWith('.xlsx')) await unzipInto(join(dir, fileName(name)), part);
		else writeFileSync(join(dir, fileName(name)), part);
	}
}

async function record(out, url, res) {
	const type = res.headers.get('content-type') ?? '';
	const head = `${res.status} ${type}\n`;
	const body = Buffer.from(await res.arrayBuffer());
	if (!type.includes('presentationml') || res.status !== 200) {
		writeFileSync(join(out, 'http', fileName(url)), head + timeless(body.toString('utf8')));
		return;
	}
	const dir = join(out, 'http', fileName(url));
	await unzipInto(dir, body);
	writeFileSync(join(dir, 'status'), head);
}

async function main() {
	const out = resolve(process.argv[2] ?? '');
	if (!process.argv[2]) throw new Error('usage: node scripts/snapshot-outputs.js OUTPUT_FOLDER');
	rmSync(out, { recursive: true, force: true });
	mkdirSync(join(out, 'http'), { recursive: true });
	mkdirSync(join(out, 'cli'), { recursive: true });
	const dir = mkdtempSync(join(tmpdir(), 'vigie-snapshot-'));
	const db = join(dir, 'vigie.db');
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const env = cleanEnv({ VIGIE_DB: db, PORT: String(port), HOST: '127.0.0.1', ORIGIN: base, VIGIE_PUBLIC: '1', VIGIE_DEMO: 'all' });
	// With no administrator the server answers every page with its first-run setup.
	const admin = spawnSync(process.execPath, ['bin/vigie.js', 'users', 'add', 'admin@vigie.test', '--role', 'admin'],
		{ cwd: ROOT, env: cleanEnv({ VIGIE_DB: db }), input: 'snapshot passphrase 1\n', encoding: 'utf8' });
	if (admin.status !== 0) throw new Error(`vigie users add failed: ${admin.stderr}`);
	const server = spawn(process.execPath, ['bin/vigie.js', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
	try {
		for (let i = 0; ; i++) {
			if (server.exitCode !== null) throw new Error(`vigie serve exited (${server.exitCode})`);
			const ok = await fetch(`${base}/healthz`).then((r) => r.status === 200, () => false);
			if (ok) break;
			if (i > 900) throw new Error('vigie serve was not healthy after 3 minutes');
			await new Promise((r) => setTimeout(r, 200));
		}
		for (const url of [...API, ...EXPORTS]) await record(out, url, await fetch(base + url, { redirect: 'manual' }));
	} finally {
		server.kill('SIGTERM');
		await new Promise((r) => server.once('exit', r));
	}
	for (const args of CLI) {
		const r = spawnSync(process.execPath, ['bin/vigie.js', ...args], { cwd: ROOT, env: cleanEnv({ VIGIE_DB: db }), encoding: 'utf8' });
		writeFileSync(join(out, 'cli', fileName(args.join(' '))), timeless(`exit ${r.status}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`));
	}
	rmSync(dir, { recursive: true, force: true });
	process.stderr.write(`Recorded ${API.length + EXPORTS.length} requests and ${CLI.length} commands in ${out}.\n`);
}

main().catch((err) => {
	process.stderr.write(`snapshot-outputs: ${err.message}\n`);
	process.exit(1);
});
