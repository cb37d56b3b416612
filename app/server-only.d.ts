/**
 * `import X from './X.svelte?server'` (see vite.config.ts): the component on the server,
 * `undefined` in the browser. Its props are typed by the dynamic import `lazyChart` pairs it with.
 */
declare module '*.svelte?server' {
	import type { Component } from 'svelte';
	const component: Component<any> | undefined;
	export default component;
}
