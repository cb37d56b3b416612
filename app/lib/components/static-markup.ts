/**
 * A component rendered on the server to a string of plain markup, for StaticChart.svelte.
 * Svelte's hydration comments are dropped: the browser never hydrates this markup, it only keeps
 * it. Text and attribute values are escaped by the renderer, so no comment can come from data.
 */
import type { Component } from 'svelte';
import { render } from 'svelte/server';

export function staticMarkup<P extends Record<string, unknown>>(component: Component<P>, props: P, context: Map<unknown, unknown> = new Map()): string {
	return render(component, { props, context }).body.replace(/<!--[^]*?-->/g, '');
}
