/** Small files the HTTP and browser tests upload. */

/** A valid survey file of `n` respondents (every borough name is an official one). */
export function smallSurvey(n = 40, extraHeader: string[] = [], extra: (i: number) => string[] = () => []): string {
	const boroughs = ['Anjou', 'Montréal-Nord', 'Verdun', 'Outremont'];
	const genders = ['woman', 'man', 'non-binary'];
	const lines = [['respondent_id', 'borough', 'age', 'gender', 'weight', 'safe_after_dark', ...extraHeader].join(',')];
	for (let i = 0; i < n; i++) {
		lines.push([`R${i}`, boroughs[i % boroughs.length]!, String(15 + (i % 60)), genders[i % 3]!, '1.5', String(1 + (i % 4)), ...extra(i)].join(','));
	}
	return lines.join('\n') + '\n';
}
