import { describe, expect, test } from 'vitest';
import { editDistance, matchName, nameKey } from '../../ingest/names';

/** Montreal's 34 agglomeration areas under their official names (geography/montreal/areas.csv). */
const OFFICIAL = [
	'Ahuntsic-Cartierville', 'Anjou', 'Côte-des-Neiges–Notre-Dame-de-Grâce', 'Lachine', 'LaSalle',
	'Le Plateau-Mont-Royal', 'Le Sud-Ouest', "L'Île-Bizard–Sainte-Geneviève", 'Mercier–Hochelaga-Maisonneuve',
	'Montréal-Nord', 'Outremont', 'Pierrefonds-Roxboro', 'Rivière-des-Prairies–Pointe-aux-Trembles',
	'Rosemont–La Petite-Patrie', 'Saint-Laurent', 'Saint-Léonard', 'Verdun', 'Ville-Marie',
	'Villeray–Saint-Michel–Parc-Extension',
	"Baie-d'Urfé", 'Beaconsfield', 'Côte-Saint-Luc', 'Dollard-des-Ormeaux', 'Dorval', 'Hampstead',
	'Kirkland', "L'Île-Dorval", 'Montréal-Est', 'Montréal-Ouest', 'Mont-Royal', 'Pointe-Claire',
	'Sainte-Anne-de-Bellevue', 'Senneville', 'Westmount'
];
const candidates = OFFICIAL.map((name) => ({ name, key: nameKey(name) }));

describe('nameKey', () => {
	test.each([
		['Côte-des-Neiges–Notre-Dame-de-Grâce', 'cote des neiges notre dame de grace'],
		['Cote des Neiges - Notre Dame de Grace', 'cote des neiges notre dame de grace'],
		['L’Ile-Bizard-Ste-Genevieve', 'l ile bizard sainte genevieve'],
		['ST-LAURENT', 'saint laurent'],
		['St. Laurent', 'saint laurent'],
		["Baie-d'Urfé", 'baie d urfe'],
		['  Le   Plateau — Mont‑Royal ', 'le plateau mont royal'],
		['Île-des-Sœurs', 'ile des soeurs'],
		['Montre\u0301al-Nord', 'montreal nord'], // already decomposed (NFD) input
		['Est', 'est'], // "st" is only expanded as a whole word
		['', '']
	])('nameKey(%j) = %j', (input, expected) => {
		expect(nameKey(input)).toBe(expected);
	});

	test('keys of the 34 official names are distinct', () => {
		expect(new Set(candidates.map((c) => c.key)).size).toBe(34);
	});
});

describe('matchName: spellings that match exactly by key', () => {
	const hyphenated = OFFICIAL.filter((n) => n.includes('–')).map((n) => [n.replaceAll('–', '-'), n]);
	const spaced = OFFICIAL.filter((n) => n.includes('–')).map((n) => [n.replaceAll('–', ' - '), n]);
	const upper = OFFICIAL.map((n) => [n.toUpperCase(), n]);
	const unaccented = OFFICIAL.map((n) => [n.normalize('NFD').replace(/\p{M}/gu, ''), n]);
	test.each([
		...hyphenated,
		...spaced,
		...upper,
		...unaccented,
		['Cote des Neiges - Notre Dame de Grace', 'Côte-des-Neiges–Notre-Dame-de-Grâce'],
		['côte-des-neiges–notre-dame-de-grâce', 'Côte-des-Neiges–Notre-Dame-de-Grâce'],
		['COTE-DES-NEIGES—NOTRE-DAME-DE-GRACE', 'Côte-des-Neiges–Notre-Dame-de-Grâce'],
		['L’Ile-Bizard-Ste-Genevieve', "L'Île-Bizard–Sainte-Geneviève"],
		['L‘Île-Bizard – Sainte-Geneviève', "L'Île-Bizard–Sainte-Geneviève"],
		['L`ile Bizard Ste Genevieve', "L'Île-Bizard–Sainte-Geneviève"],
		['ST-LAURENT', 'Saint-Laurent'],
		['St Laurent', 'Saint-Laurent'],
		['St-Léonard', 'Saint-Léonard'],
		['st leonard', 'Saint-Léonard'],
		['Ste-Anne-de-Bellevue', 'Sainte-Anne-de-Bellevue'],
		['Côte-St-Luc', 'Côte-Saint-Luc'],
		['Villeray-St-Michel-Parc-Extension', 'Villeray–Saint-Michel–Parc-Extension'],
		['Montreal Nord', 'Montréal-Nord'],
		['montreal-est', 'Montréal-Est'],
		['Baie-D’Urfé', "Baie-d'Urfé"],
		['L’Île-Dorval', "L'Île-Dorval"],
		['Rosemont - La Petite Patrie', 'Rosemont–La Petite-Patrie'],
		['Lasalle', 'LaSalle'],
		['Plateau-Mont-Royal, Le', undefined] // word order is not normalised: a suggestion, not a match
	] as [string, string | undefined][])('%j → %j', (input, expected) => {
		expect(matchName(input, candidates).match).toBe(expected);
	});
});

describe('matchName: near misses', () => {
	test.each([
		['Montral-Nord', ['Montréal-Nord']],
		['Plateau', ['Le Plateau-Mont-Royal']],
		['Anjuo', ['Anjou']],
		['Verdum', ['Verdun']],
		['Westmont', ['Westmount']],
		['Arrondissement de Verdun', ['Verdun']],
		["Arrondissement d'Ahuntsic-Cartierville", ['Ahuntsic-Cartierville']],
		['Cote des Neige Notre Dame de Grace', ['Côte-des-Neiges–Notre-Dame-de-Grâce']],
		['Hochelaga', ['Mercier–Hochelaga-Maisonneuve']],
		['xyz', []],
		['', []],
		['Toronto', []],
		['de', []],
		['St', ['Saint-Laurent', 'Saint-Léonard', 'Côte-Saint-Luc']] // "St" is read as the word "Saint"
	] as [string, string[]][])('%j suggests %j', (input, expected) => {
		const result = matchName(input, candidates);
		expect(result.match).toBeUndefined();
		expect(result.suggestions).toEqual(expected);
	});

	test('suggestions are at most 3, nearest first', () => {
		const { suggestions } = matchName('Montreal', candidates);
		expect(suggestions).toEqual(['Montréal-Est', 'Montréal-Nord', 'Montréal-Ouest']);
		expect(matchName('Montréal-Nordd', candidates).suggestions[0]).toBe('Montréal-Nord');
	});

	test('an exact match carries no suggestions', () => {
		expect(matchName('Mont-Royal', candidates)).toEqual({ match: 'Mont-Royal', suggestions: [] });
	});
});

describe('editDistance', () => {
	test.each([
		['', '', 0],
		['abc', '', 3],
		['montral nord', 'montreal nord', 1],
		['anjuo', 'anjou', 1],
		['kitten', 'sitting', 3],
		['ca', 'abc', 3] // optimal string alignment, not unrestricted Damerau–Levenshtein
	] as [string, string, number][])('editDistance(%j, %j) = %i', (a, b, expected) => {
		expect(editDistance(a, b)).toBe(expected);
		expect(editDistance(b, a)).toBe(expected);
	});
});
