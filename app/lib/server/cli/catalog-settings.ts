import { readFileSync } from 'node:fs';
import { openDb } from '../../../../db/connection';
import { addIndicators, loadCatalog, removeIndicator } from '../settings/catalog';
import { loadRules, setRule } from '../settings/rules';
import { UsageError } from './usage';
import { audit, cliActor } from '../auth/audit-log';
import { isPublic, setPublic } from '../auth/access';
import { loadGeography, saveGeography } from '../settings/geography';
import { listGeographies } from '../../../../db/areas';

const who = () => process.env.USER ?? 'cli';

/** `vigie catalog list | add FILE.json | remove ID`: the indicators analysts add without code. */
export function runCatalog(args: string[]): number {
	const [action, arg] = args;
	const db = openDb();
	try {
		if (action === 'list' || action === undefined) {
			for (const d of loadCatalog(db).indicators) process.stdout.write(`${d.id}\t${d.type}\t${d.label.en} / ${d.label.fr}\n`);
			return 0;
		}
		if (!arg) throw new UsageError(`catalog ${action} needs ${action === 'add' ? 'a JSON file' : 'an indicator id'}`);
		let result;
		if (action === 'add') {
			let input: unknown;
			try {
				input = JSON.parse(readFileSync(arg, 'utf8'));
			} catch (err) {
				process.stderr.write(`${arg}: not a readable JSON file (${(err as Error).message})\n`);
				return 1;
			}
			result = addIndicators(db, input, who());
		} else if (action === 'remove') result = removeIndicator(db, arg);
		else throw new UsageError(`unknown catalog action "${action}"`);
		if (!result.ok) {
			process.stderr.write(result.problems.join('\n') + '\n');
			return 1;
		}
		audit(db, cliActor(), action === 'add' ? 'catalog_add' : 'catalog_remove', { indicators: result.ids });
		process.stdout.write(`${action === 'add' ? 'added' : 'removed'}: ${result.ids.join(', ')}\n`);
		return 0;
	} finally {
		db.close();
	}
}

/** `vigie settings [show] | set reliability.proportion.minN 50 | set access.public true | set geography NAME`. */
export function runSettings(args: string[]): number {
	const [action, key, value] = args;
	const db = openDb();
	try {
		if (action === 'show' || action === undefined) {
			process.stdout.write(JSON.stringify({ reliability: loadRules(db), access: { public: isPublic(db) }, geography: loadGeography(db) }, null, 2) + '\n');
			return 0;
		}
		if (action !== 'set' || !key || value === undefined) throw new UsageError('settings set KEY VALUE, e.g. settings set reliability.proportion.minN 50');
		if (key === 'access.public') {
			if (value !== 'true' && value !== 'false') {
				process.stderr.write(`${key}: "${value}" is not true or false\n`);
				return 1;
			}
			setPublic(db, value === 'true', cliActor());
			process.stdout.write(JSON.stringify({ access: { public: isPublic(db) } }, null, 2) + '\n');
			return 0;
		}
		if (key === 'geography') {
			if (!saveGeography(db, value, cliActor())) {
				const known = listGeographies(db);
				process.stderr.write(`geography: "${value}" has no areas; known geographies: ${known.join(', ') || '(none)'}\n`);
				return 1;
			}
			process.stdout.write(JSON.stringify({ geography: loadGeography(db) }, null, 2) + '\n');
			return 0;
		}
		if (!key.startsWith('reliability.')) throw new UsageError(`unknown setting "${key}"`);
		const v = Number(value);
		if (!Number.isFinite(v)) {
			process.stderr.write(`${key}: "${value}" is not a number\n`);
			return 1;
		}
		const r = setRule(db, key.slice('reliability.'.length), v, who());
		if (!r.ok) {
			process.stderr.write(r.problem + '\n');
			return 1;
		}
		audit(db, cliActor(), 'settings_change', { setting: key, to: v });
		process.stdout.write(JSON.stringify({ reliability: r.rules }, null, 2) + '\n');
		return 0;
	} finally {
		db.close();
	}
}
