import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** sha256 of the route announcer's style attribute (@sveltejs/kit, src/core/sync/write_root.js). */
const ANNOUNCER_STYLE_HASH = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// precompress: the built scripts and styles are written beside a .br and a .gz copy, served as
		// they are instead of being compressed again on each request.
		adapter: adapter({ out: 'build', precompress: true }),
		// The stylesheets are small (the largest, the layout's design system, about 11 kB; 3 kB
		// compressed): inlined in the page, they no longer hold its first paint for a request each (a
		// phone's first view). SvelteKit gives the <style> the page's CSP nonce.
		inlineStyleThreshold: 16_000,
		files: {
			src: 'app',
			assets: 'app/static',
			appTemplate: 'app/app.html'
		},
		alias: {
			$db: 'db',
			$ingest: 'ingest'
		},
		// A strict Content-Security-Policy for every page: SvelteKit adds a nonce to its own inline
		// script; nothing else inline runs, nothing loads from another site, no site may frame Vigie.
		// Styles are the built stylesheets, inlined by SvelteKit as one <style> with the page's nonce
		// (inlineStyleThreshold); no style attribute anywhere, app.html included, but one, allowed by
		// its hash: the style attribute of SvelteKit's route announcer (the hidden live region that
		// tells screen readers a new page has loaded), in its generated root.svelte.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['none'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-hashes', ANNOUNCER_STYLE_HASH],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'manifest-src': ['self'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
