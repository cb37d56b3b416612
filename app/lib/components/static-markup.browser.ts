/**
 * The browser's side of static-markup.ts (package.json "imports" picks this file for the client
 * build): StaticChart only builds markup on the server, and the browser bundle must not carry
 * Svelte's server renderer.
 */
import type { Component } from 'svelte';

export function staticMarkup<P extends Record<string, unknown>>(_component: Component<P>, _props: P, _context?: Map<unknown, unknown>): string {
	throw new Error('Static chart markup is built on the server only.');
}
