/**
 * A filter form's select or checkbox submits its form when changed (with JavaScript); without
 * JavaScript the form's own button does. One handler for every dashboard filter form.
 */
export function submitOnChange(e: Event): void {
	(e.currentTarget as HTMLSelectElement | HTMLInputElement).form?.requestSubmit();
}
