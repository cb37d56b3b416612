import { error, fail, redirect } from '@sveltejs/kit';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { audit } from '$lib/server/auth/audit';
import { getDb } from '$lib/server/db';
import { getUpload, removeUpload, type UploadSettings } from '$lib/server/uploads';
import { runUpload, settingsFrom } from '$lib/server/upload-run';
import { mappingFromForm } from '$lib/server/mapping-form';
import { assistantFor, webIssue } from '$lib/server/upload-assistant';
import { t } from '$lib/i18n';
import type { IngestIssue, IngestResult } from '$ingest/report';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const SHOWN_ERRORS = 1000;

/** The settings as posted, the mapping form's fields applied to the mapping's JSON. */
function postedSettings(form: FormData, base: UploadSettings): UploadSettings {
	const settings = settingsFrom(form, base);
	return { ...settings, mapping: mappingFromForm(form, settings.mapping) };
}

/** The upload of the URL (after the caller's permission check). */
async function uploadOr404(event: RequestEvent) {
	const meta = await getUpload(event.params.token);
	if (!meta) error(404, { message: t(event.locals.locale, 'check.not_found') });
	return meta;
}

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'datasets.upload');
	const meta = await uploadOr404(event);
	const locale = event.locals.locale;
	// The first visit checks the file with the settings given at upload.
	if (!meta.result) await runUpload(meta, meta.settings, false, event.locals.user!.email);
	const result = meta.result as IngestResult | null;
	const assistant = await assistantFor(getDb(), meta, result, locale);
	const web = (i: IngestIssue) => webIssue(locale, i);
	return {
		upload: { token: meta.token, fileName: meta.fileName, bytes: meta.bytes, sha256: meta.sha256,
			settings: { ...meta.settings, mapping: assistant?.mappingText ?? meta.settings.mapping } },
		assistant: assistant && { model: assistant.model, drafted: assistant.drafted },
		result: result && {
			ok: result.ok,
			rows: result.ok ? result.rows : 0,
			skipped: result.ok ? result.skipped : 0,
			errorCount: result.ok ? 0 : result.error_count,
			errors: result.ok ? [] : result.errors.slice(0, SHOWN_ERRORS).map(web),
			warnings: result.warnings.map(web),
			preview: result.preview,
			detected: result.detected
		}
	};
};

export const actions: Actions = {
	check: async (event) => {
		requireUser(event, 'datasets.upload');
		const meta = await uploadOr404(event);
		const form = await event.request.formData();
		const run = await runUpload(meta, postedSettings(form, meta.settings), false, event.locals.user!.email);
		if (run.kind === 'settings') return fail(400, { problems: run.problems });
		return { checked: true };
	},
	load: async (event) => {
		requireUser(event, 'datasets.upload');
		const meta = await uploadOr404(event);
		const form = await event.request.formData();
		const settings = postedSettings(form, meta.settings);
		const run = await runUpload(meta, settings, true, event.locals.user!.email);
		if (run.kind === 'settings') return fail(400, { problems: run.problems });
		if (run.kind === 'loaded') {
			const r = run.result as Extract<IngestResult, { ok: true }>;
			audit(getDb(), actorOf(event), 'dataset_upload', { dataset_id: run.datasetId, kind: 'survey', wave: r.wave, title: settings.title || meta.fileName,
				file_name: meta.fileName, sha256: meta.sha256, rows: r.rows, skipped: r.skipped, replaced: r.replaced });
			redirect(303, `/datasets/${run.datasetId}?loaded=1`);
		}
		return fail(422, { failed: true });
	},
	discard: async (event) => {
		requireUser(event, 'datasets.upload');
		const meta = await uploadOr404(event);
		await removeUpload(meta.token);
		redirect(303, '/upload');
	}
};
