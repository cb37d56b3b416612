/**
 * French and English, complete: every message key in both catalogs with the same
 * {placeholders}, and no user-visible text in a Svelte component that bypasses them (text nodes
 * and the aria-label, title, placeholder and alt attributes with letters outside `{…}`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { en } from '../../app/lib/i18n/en';
import { fr } from '../../app/lib/i18n/fr';

/** A plural block (`{count, plural, one {…} other {…}}`) counts as its variable; its branches hold no placeholders. */
const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g;
const placeholders = (s: string) => [...new Set([...s.replace(PLURAL, '{$1}').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe('the message catalogs', () => {
	const enKeys = Object.keys(en);
	const frKeys = Object.keys(fr);

	test('every English key has its French message, and every French key an English one', () => {
		expect(enKeys.filter((k) => !(k in fr)), 'missing in fr.ts').toEqual([]);
		expect(frKeys.filter((k) => !(k in en)), 'missing in en.ts').toEqual([]);
		expect(enKeys.length).toBeGreaterThan(500);
	});

	test.each(enKeys)('%s: the same {placeholders} in both languages, and no empty message', (key) => {
		const e = (en as Record<string, string>)[key]!;
		const f = (fr as Record<string, string>)[key]!;
		expect(placeholders(f), `fr: ${f}`).toEqual(placeholders(e));
		expect(e.trim()).not.toBe('');
		expect(f.trim()).not.toBe('');
	});
});

/** Visible text found in a component: what it is and where. */
interface Finding {
	file: string;
	line: number;
	text: string;
}

/** Words the same in every language: the product's name, character encodings' names. */
const SAME_IN_EVERY_LANGUAGE = /\bVigie\b|\bUTF-(8|16)( [LB]E)?\b|\bWindows-1252\b|\bLatin-1\b/g;
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription', 'aria-valuetext']);
const hasWords = (s: string) => /\p{L}/u.test(s.replace(SAME_IN_EVERY_LANGUAGE, '').replace(/&[a-z]+;|&#\d+;/gi, ''));

/** The index just past the `{…}` expression that starts at `i` (strings inside skipped). */
function skipExpression(src: string, i: number): number {
	let depth = 0;
	for (let j = i; j < src.length; j++) {
		const c = src[j];
		if (c === '"' || c === "'" || c === '`') {
			const q = c;
			for (j++; j < src.length && src[j] !== q; j++) if (src[j] === '\\') j++;
		} else if (c === '{') depth++;
		else if (c === '}' && --depth === 0) return j + 1;
	}
	return src.length;
}

/** The markup of a component with its static text outside `{…}` reported: text nodes and visible attributes. */
function visibleText(file: string, source: string): Finding[] {
	// Scripts and styles are not markup; comments are not shown. Keep the line numbers.
	const blank = (m: string) => m.replace(/[^\n]/g, ' ');
	const src = source.replace(/<script[\s\S]*?<\/script>/g, blank).replace(/<style[\s\S]*?<\/style>/g, blank).replace(/<!--[\s\S]*?-->/g, blank);
	const findings: Finding[] = [];
	const lineAt = (i: number) => src.slice(0, i).split('\n').length;
	let text = '';
	let textStart = 0;
	const flushText = () => {
		if (hasWords(text)) findings.push({ file, line: lineAt(textStart), text: text.trim().replace(/\s+/g, ' ') });
		text = '';
	};
	for (let i = 0; i < src.length; ) {
		const c = src[i]!;
		if (c === '{') {
			i = skipExpression(src, i);
			text += ' ';
		} else if (c === '<' && /[a-zA-Z/!]/.test(src[i + 1] ?? '')) {
			flushText();
			// A tag: its attributes up to the closing '>', outside quotes and expressions.
			let j = i + 1;
			let tag = '';
			while (j < src.length && src[j] !== '>') {
				if (src[j] === '{') {
					j = skipExpression(src, j);
					tag += '{}';
					continue;
				}
				if (src[j] === '"' || src[j] === "'") {
					const q = src[j]!;
					let value = '';
					for (j++; j < src.length && src[j] !== q; ) {
						if (src[j] === '{') {
							j = skipExpression(src, j);
							value += ' ';
						} else value += src[j++];
					}
					const name = /([\w:-]+)\s*=\s*$/.exec(tag)?.[1] ?? '';
					if (VISIBLE_ATTRIBUTES.has(name) && hasWords(value)) findings.push({ file, line: lineAt(j), text: `${name}="${value.trim()}"` });
					tag += '""';
					j++;
					continue;
				}
				tag += src[j++];
			}
			i = j + 1;
			textStart = i;
		} else {
			if (text === '') textStart = i;
			text += c;
			i++;
		}
	}
	flushText();
	return findings;
}

function svelteFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? svelteFiles(p) : p.endsWith('.svelte') ? [p] : [];
	});
}

describe('user-visible text goes through the catalogs', () => {
	test.each([
		['<p>{tr(\'a.b\')}</p>', []],
		['<p>Bonjour {name}</p>', ['Bonjour']],
		['<button aria-label="Close">×</button>', ['aria-label="Close"']],
		['<img alt={tr(\'x\')} src="a.png" />', []],
		['<span title="{n} items">{n}</span>', ['title="items"']],
		['<title>{tr(\'t\')} · Vigie</title>', []],
		['{#if a > b}<em>{x}</em>{/if}', []],
		['<!-- a comment --><script>const s = "text";</script><p>{s}</p>', []],
		['<p>{tr(\'x\', { a: \'}\' })}</p>', []]
	])('the scanner finds what it should in %s', (src, expected) => {
		expect(visibleText('t.svelte', src).map((f) => f.text)).toEqual(expected);
	});

	const files = svelteFiles('app');
	test('there are components to scan', () => {
		expect(files.length).toBeGreaterThan(20);
	});
	test.each(files)('%s', (file) => {
		expect(visibleText(file, readFileSync(file, 'utf8')).map((f) => `${f.file}:${f.line}: ${f.text}`)).toEqual([]);
	});
});
