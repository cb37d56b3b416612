/**
 * A chart component the browser loads only when it has to draw it. StaticChart keeps the server's
 * markup of its chart on the first page, so the browser needs the component's code only once a
 * choice changes the chart's data or a later page is drawn in the browser. Leaving that code out of
 * the page's chunk spares a phone its download and evaluation while the first page starts, which
 * is most of the page's blocking time.
 *
 * `server` is the component imported with `?server` (see vite.config.ts): the component on the
 * server, `undefined` in the browser build, whose chunk then holds none of its code:
 *
 *     import ExplorerChartsServer from './ExplorerCharts.svelte?server';
 *     const ExplorerCharts = lazyChart(ExplorerChartsServer, () => import('./ExplorerCharts.svelte'));
 */
import type { Component } from 'svelte';

export interface LazyChart<P extends Record<string, any>> {
	/** The component once loaded (always on the server), else undefined. */
	readonly current: Component<P> | undefined;
	/** Loads the component (once) and resolves to it. */
	load(): Promise<Component<P>>;
}

/** Every lazy chart a loaded module has declared: navigation loads those not loaded yet. */
const declared = new Set<LazyChart<any>>();

export function lazyChart<P extends Record<string, any>>(
	server: Component<any> | undefined,
	load: () => Promise<{ default: Component<P> }>
): LazyChart<P> {
	let current = server;
	let loading: Promise<Component<P>> | undefined;
	const chart: LazyChart<P> = {
		get current() {
			return current;
		},
		load() {
			if (current) return Promise.resolve(current);
			loading ??= load().then(
				(module) => (current = module.default),
				(error: unknown) => {
					loading = undefined; // a failed download (the server restarted with a new build) may be tried again
					throw error;
				}
			);
			return loading;
		}
	};
	if (!server) declared.add(chart);
	return chart;
}

/**
 * Loads every declared chart that is not loaded yet, including those declared by the modules
 * this loads, so that the page being navigated to draws its charts at once rather than after a
 * blank moment. The root layout runs it before each navigation in the browser completes (the
 * router has loaded the new page's modules by then, so its charts are declared).
 */
export async function loadDeclaredCharts(): Promise<void> {
	for (;;) {
		const waiting = [...declared].filter((c) => !c.current);
		if (waiting.length === 0) return;
		// A chart that fails to load is drawn by StaticChart when it retries; navigation goes on.
		const results = await Promise.allSettled(waiting.map((c) => c.load()));
		if (results.every((r) => r.status === 'rejected')) return;
	}
}
