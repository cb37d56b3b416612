import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		files: {
			src: 'app',
			assets: 'app/static',
			appTemplate: 'app/app.html'
		},
		alias: {
			$db: 'db',
			$ingest: 'ingest'
		},
	}
};

export default config;
