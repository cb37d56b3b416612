/**
 * Whether the page is still being hydrated: true on the server and while the browser adopts the
 * server's HTML for the first page, false once the root layout has mounted (every later page is
 * rendered in the browser). StaticChart.svelte reads it to keep the server's markup as it is.
 */
let hydrated = false;

export const hydrating = (): boolean => !hydrated;

/**
 * Called by the root layout once it is mounted, that is once the first page is hydrated. It also
 * marks <html> "hydrated": controls.css hides the filter forms' submit buttons only from then on,
 * since before it a select's change does not submit and the button is the only way to.
 */
export function markHydrated(): void {
	hydrated = true;
	document.documentElement.classList.add('hydrated');
}
