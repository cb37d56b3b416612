/**
 * Accessibility of every page, the one place where it is checked: each
 * page of the app, signed in with the role that may see it, in French and in English (`?lang=`),
 * through axe-core's WCAG 2.2 A/AA rules with no violation; then from the keyboard: Tab goes
 * through the whole page, reaches every control, and each control shows where the focus is
 * (its outline or shadow changes when it has the focus). Real server, real Chromium.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeViolations } from '../helpers/axe';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { ALL_ROLES, call, signIn, type TestUser } from '../helpers/auth';

type Who = 'anonymous' | TestUser['role'];
interface PageCase {
	path: string;
	who: Who;
	/** Expected HTTP status of the page (the 404 page). */
	status?: number;
	/** Something to do on the page before it is checked (a form error shown). */
	prepare?: (page: Page) => Promise<void>;
}

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
let server: TestServer;
let fresh: TestServer;
let browser: Browser;
let pages: RecordingPages;
const cookies = {} as Record<TestUser['role'], string>;
let uploadPath = '';
let setupLink = '';

const ADDED = {
	id: 'very_unsafe_after_dark',
	type: 'proportion',
	recode: { kind: 'codes', item: 'safe_after_dark', success: ['4'], valid: ['1', '2', '3', '4'] },
	label: { en: 'Feel very unsafe after dark', fr: 'Très en insécurité le soir' },
	description: { en: 'Share of residents who feel very unsafe walking alone after dark.', fr: 'Part des résidents très en insécurité seuls le soir.' },
	unit: 'percent'
};

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	[server, fresh, browser] = await Promise.all([
		startTestServer({ users: ALL_ROLES, env: { VIGIE_DEMO: 'all' } }),
		startTestServer({ users: [], public: false }),
		launchChromium()
	]);
	// The 404 page, and the form errors these tests provoke (400).
	pages = recordingPages(browser, (status, url) => (status === 404 && url.includes('/no/such/page')) || (status === 400 && /\/(login|catalog|settings)\?/.test(url)));
	for (const u of ALL_ROLES) cookies[u.role] = await signIn(server, u);
	// An uploaded file waiting on its check page (a Kobo export whose columns need mapping).
	const up = await call(server, '/api/uploads?name=safety_survey_kobo.csv', {
		cookie: cookies.analyst, body: readFileSync('fixtures/kobo/safety_survey_kobo.csv', 'utf8'), headers: { 'content-type': 'application/octet-stream' }
	});
	expect(up.status).toBe(201);
	uploadPath = ((await up.json()) as { url: string }).url;
	// An analyst's indicator, so that the catalog shows one that can be removed.
	const add = await call(server, '/catalog?/add', { cookie: cookies.analyst, form: { definition: JSON.stringify(ADDED) } });
	expect(add.status).toBe(200);
	// A token, so that the admin's token page shows a row with its revoke button.
	expect((await call(server, '/account?/token', { cookie: cookies.viewer, form: { label: 'weekly report' } })).status).toBe(200);
	setupLink = /Create one at (\S+)/.exec(fresh.logs())![1]!;
}, 240_000);

afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await Promise.all([server?.stop(), fresh?.stop()]);
});

/** Every page of the app, with the role that may see it. */
const PAGES: PageCase[] = [
	{ path: '/', who: 'anonymous' },
	{ path: '/?wave=2023', who: 'anonymous' },
	{ path: '/?borough=MN', who: 'anonymous' },
	{ path: '/explorer', who: 'anonymous' },
	{ path: '/explorer?borough=MN&indicator=trust_police_mean', who: 'anonymous' },
	{ path: '/explorer?borough=MN&suppress=0', who: 'analyst' },
	{ path: '/portrait', who: 'anonymous' },
	{ path: '/portrait/MN', who: 'anonymous' },
	{ path: '/portrait/IS?wave=2023', who: 'anonymous' },
	{ path: '/portrait/MN?suppress=0', who: 'analyst' },
	{ path: '/compare', who: 'anonymous' },
	{ path: '/compare?a=MN&b=city', who: 'anonymous' },
	{ path: '/compare?a=MN&b=AC&wave=2023', who: 'viewer' },
	{ path: '/map', who: 'anonymous' },
	{ path: '/map?borough=MN', who: 'anonymous' },
	{ path: '/map?borough=VS&layers=rates,hexagons,audit&hexagons=incidents', who: 'anonymous' },
	{ path: '/map?layers=partners', who: 'anonymous' },
	{ path: '/partners', who: 'anonymous' },
	{ path: '/partners?view=list&area=MN', who: 'viewer' },
	{ path: '/partners?service=prevention', who: 'viewer' },
	{ path: '/partners/print?service=sexual_exploitation', who: 'viewer' },
	{ path: '/partners/services', who: 'analyst' },
	{ path: '/upload/partners', who: 'analyst' },
	{ path: '/no/such/page', who: 'anonymous', status: 404 },
	{ path: '/login', who: 'anonymous' },
	{
		path: '/login', who: 'anonymous', status: 400,
		prepare: async (page) => {
			await page.fill('input[name=email]', 'nobody@vigie.test');
			await page.fill('input[name=password]', 'not the password');
			await Promise.all([page.waitForSelector('#login-error'), page.click('#content form button[type=submit]')]);
		}
	},
	{ path: '/account', who: 'viewer' },
	{ path: '/upload', who: 'analyst' },
	{ path: 'UPLOAD', who: 'analyst' },
	{ path: '/datasets', who: 'analyst' },
	{ path: '/datasets/1', who: 'analyst' },
	{ path: '/catalog', who: 'analyst' },
	{ path: `/catalog?remove=${ADDED.id}`, who: 'analyst' },
	{
		path: '/catalog', who: 'analyst', status: 400,
		prepare: async (page) => {
			await page.fill('textarea[name=definition]', '{ "id": "Bad Id", "type": "proportion" }');
			await Promise.all([page.waitForSelector('#add-problems'), page.click('#content form[action="?/add"] button[type=submit]')]);
		}
	},
	{ path: '/settings', who: 'analyst' },
	{
		path: '/settings', who: 'analyst', status: 400,
		prepare: async (page) => {
			await page.fill('input[name="proportion.minN"]', 'thirty');
			await Promise.all([page.waitForSelector('#rule-proportion-minN-error'), page.click('#content form button[type=submit]')]);
		}
	},
	{ path: '/admin/users', who: 'admin' },
	{ path: '/admin/tokens', who: 'admin' },
	{ path: '/admin/audit', who: 'admin' },
	{ path: '/admin/settings', who: 'admin' },
	{ path: '/admin/backup', who: 'admin' },
	{ path: 'SETUP', who: 'anonymous' }
];

const withLang = (path: string, lang: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

async function open(c: PageCase, lang: 'fr' | 'en', options: { bypassCSP?: boolean } = {}): Promise<Page> {
	const page = await pages.open({ ...options, locale: lang === 'fr' ? 'fr-CA' : 'en-CA' });
	const base = c.path === 'SETUP' ? fresh.url : server.url;
	if (c.who !== 'anonymous') {
		const [name, value] = cookies[c.who].split('=') as [string, string];
		await page.context().addCookies([{ name, value, url: base }]);
	}
	const path = c.path === 'SETUP' ? setupLink.slice(fresh.url.length) : c.path === 'UPLOAD' ? uploadPath : c.path;
	const res = await page.goto(base + withLang(path, lang), { waitUntil: 'networkidle' });
	expect(res?.status(), path).toBe(c.status && !c.prepare ? c.status : 200);
	if (c.prepare) await c.prepare(page);
	return page;
}

const label = (c: PageCase) => `${c.path}${c.prepare ? ' (with a form error)' : ''} as ${c.who}`;

describe('axe-core (WCAG 2.2 A and AA) finds no violation', () => {
	for (const lang of ['fr', 'en'] as const) {
		test.each(PAGES.map((c) => [label(c), c] as const))(`${lang}: %s`, async (_name, c) => {
			const page = await open(c, lang, { bypassCSP: true });
			expect(await page.locator('html').getAttribute('lang')).toBe(lang);
			expect(await axeViolations(page), c.path).toEqual([]);
			await page.context().close();
		});
	}
	// One test a page: the whole list at once outlasts a test's time limit on a busy machine.
	test.each(PAGES.filter((p) => !p.prepare).map((c) => [label(c), c] as const))('at a phone’s width (420 px), in French: no violation and no sideways scrolling on %s', async (_name, c) => {
		const page = await open(c, 'fr', { bypassCSP: true });
		await page.setViewportSize({ width: 420, height: 900 });
		expect(await axeViolations(page), c.path).toEqual([]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth), c.path).toBeLessThanOrEqual(420);
		if (c.path === 'UPLOAD' || c.path === '/catalog') await page.screenshot({ path: `${SCREENSHOTS}accessibility-${c.path === 'UPLOAD' ? 'upload-check' : 'catalog'}-420.png` });
		await page.context().close();
	}, 60_000);
});

interface Control {
	index: number;
	what: string;
	radioGroup: string | null;
}

/**
 * Marks every visible, enabled control of the page (links, buttons, fields, summaries, anything
 * with tabindex ≥ 0) with its index and records its look without the focus.
 */
function markControls(page: Page): Promise<Control[]> {
	return page.evaluate(() => {
		const look = (window as unknown as { __look: (el: Element) => { ring: string; shapes: string } }).__look = (el: Element) => {
			const s = getComputedStyle(el);
			// A map's area (an SVG link) shows its focus by the stroke of its shape (a path, or a <use> of one).
			const shapes = [...el.querySelectorAll('path, rect, circle, polygon, use')].slice(0, 3).map((x) => {
				const c = getComputedStyle(x);
				return `${c.stroke} ${c.strokeWidth}`;
			}).join(',');
			return { ring: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join('|'), shapes };
		};
		const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
		const controls = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => {
			if ((el as HTMLInputElement).disabled || el.closest('[inert]')) return false;
			// Inside a closed <details> (other than its summary) nothing can take the focus.
			const details = el.closest('details');
			if (details && !details.open && el.tagName !== 'SUMMARY') return false;
			const s = getComputedStyle(el);
			return el.getClientRects().length > 0 && s.visibility !== 'hidden';
		});
		const w = window as unknown as { __looks: { ring: string; shapes: string }[] };
		w.__looks = [];
		return controls.map((el, index) => {
			el.setAttribute('data-kb', String(index));
			w.__looks[index] = look(el);
			const input = el as HTMLInputElement;
			return {
				index,
				what: `${el.tagName.toLowerCase()}${input.name ? `[name=${input.name}]` : ''} “${(el.textContent || input.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}”`,
				radioGroup: el.tagName === 'INPUT' && input.type === 'radio' ? input.name : null
			};
		});
	});
}

describe('from the keyboard: Tab reaches every control, each with a visible focus indicator', () => {
	test.each(PAGES.map((c) => [label(c), c] as const))('%s', async (_name, c) => {
		const page = await open(c, 'fr');
		const controls = await markControls(page);
		expect(controls.length, 'controls on the page').toBeGreaterThan(0);
		await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		const reached = new Set<number>();
		const invisible: string[] = [];
		for (let i = 0; i < controls.length + 10; i++) {
			await page.keyboard.press('Tab');
			const at = await page.evaluate(() => {
				const el = document.activeElement as HTMLElement | null;
				const index = el?.getAttribute('data-kb');
				if (!el || index === null || index === undefined) return null;
				const w = window as unknown as { __looks: { ring: string; shapes: string }[]; __look: (el: Element) => { ring: string; shapes: string } };
				const s = getComputedStyle(el);
				const now = w.__look(el);
				const before = w.__looks[Number(index)]!;
				const ring = now.ring !== before.ring && ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none');
				return { index: Number(index), shows: ring || (now.shapes !== '' && now.shapes !== before.shapes) };
			});
			if (at === null) {
				if (reached.size > 0) break; // past the last control: the focus left the page
				continue;
			}
			if (reached.has(at.index)) break; // came round again
			reached.add(at.index);
			if (!at.shows) invisible.push(controls[at.index]!.what);
		}
		// A group of radio buttons is one Tab stop: one of them is enough.
		const groups = new Set(controls.filter((x) => x.radioGroup && reached.has(x.index)).map((x) => x.radioGroup));
		const missed = controls.filter((x) => !reached.has(x.index) && !(x.radioGroup && groups.has(x.radioGroup))).map((x) => x.what);
		expect(missed, 'controls Tab never reached').toEqual([]);
		expect(invisible, 'controls without a visible focus indicator').toEqual([]);
		await page.context().close();
	});
});

test('no console error, failed request or dialog on any page these tests opened', () => {
	// The browser logs every 4xx response too; those these tests provoke are let through above, any other is still listed.
	expect(pages.problems.filter((p) => !/^console error on .*: Failed to load resource: the server responded with a status of 40[04]/.test(p))).toEqual([]);
	expect(pages.dialogs).toEqual([]);
});
