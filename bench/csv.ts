import { createWriteStream } from 'node:fs';
import type { SyntheticSurvey } from './synthetic';

const BOROUGHS = ['Ahuntsic-Cartierville', 'Anjou', 'Côte-des-Neiges–Notre-Dame-de-Grâce', 'Lachine', 'LaSalle',
	'Le Plateau-Mont-Royal', 'Le Sud-Ouest', "L'Île-Bizard–Sainte-Geneviève", 'Mercier–Hochelaga-Maisonneuve', 'Montréal-Nord',
	'Outremont', 'Pierrefonds-Roxboro', 'Rivière-des-Prairies–Pointe-aux-Trembles', 'Rosemont–La Petite-Patrie', 'Saint-Laurent',
	'Saint-Léonard', 'Verdun', 'Ville-Marie', 'Villeray–Saint-Michel–Parc-Extension'];
const AGES = [15, 21, 35, 55, 70];

export const BENCH_BOROUGHS = BOROUGHS;

/** Writes a synthetic survey as a canonical survey CSV, streaming. */
export async function writeSurveyCsv(path: string, s: SyntheticSurvey): Promise<number> {
	const f = s.frame, B = f.replicates?.weights.length ?? 0;
	const out = createWriteStream(path);
	const head = ['respondent_id', 'borough', 'age', 'gender', 'weight', 'stratum', 'psu',
		...Array.from({ length: B }, (_, b) => `bw_${b + 1}`), 'safe_after_dark'];
	let bytes = 0;
	const write = (line: string) => {
		bytes += Buffer.byteLength(line);
		return out.write(line) ? Promise.resolve() : new Promise<void>((ok) => out.once('drain', () => ok()));
	};
	await write(head.join(',') + '\n');
	for (let i = 0; i < f.rows; i++) {
		const b = f.factors.borough.codes[i]!;
		const cells = [`R${i + 1}`, BOROUGHS[b]!, String(AGES[f.factors.age_group.codes[i]!]), f.factors.gender.levels[f.factors.gender.codes[i]!]!,
			f.weight[i]!.toFixed(2), BOROUGHS[b]!, String(s.psuInStratum[i]! + 1)];
		for (let k = 0; k < B; k++) cells.push(f.replicates!.weights[k]![i]!.toFixed(2));
		const y = s.y[i]!;
		cells.push(y !== y ? '8' : y === 1 ? '1' : '3');
		await write(cells.join(',') + '\n');
	}
	await new Promise<void>((ok) => out.end(() => ok()));
	return bytes;
}
