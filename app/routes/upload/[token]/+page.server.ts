import { error, fail, redirect } from '@sveltejs/kit';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { audit } from '$lib/server/auth/audit-log';
import { getDb } from '$lib/server/db';
import { getUpload, removeUpload, type UploadSettings } from '$lib/server/ingestion/uploads';
import { runUpload } from '$lib/server/jobs/upload-run';
import { settingsFrom } from '$lib/server/ingestion/uploads';
import { cancelUploadJob, forgetUploadJob, uploadJob } from '$lib/server/jobs/upload-jobs';
import { mappingFromForm } from '$lib/server/ingestion/column-mapping-form';
import { loadGeography } from '$lib/server/settings/geography';
import { assistantFor, webIssue } from '$lib/server/ingestion/upload-assistant';
import { t } from '$lib/i18n';
import type { IngestIssue, IngestResult } from '$ingest/report';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const SHOWN_ERRORS = 1000;

/** The settings as posted, the mapping form's fields applied to the mapping's JSON. */
function postedSettings(form: FormData, base: UploadSettings): UploadSettings {
	const settings = settingsFrom(form, base);
	return { ...settings, mapping: mappingFromForm(form, settings.mapping, loadGeography(getDb())) };
}

/** The upload of the URL (after the caller's permission check). */
async function uploadOr404(event: RequestEvent) {
	const meta = await getUpload(event.params.token);
	if (!meta) error(404, { message: t(event.locals.locale, 'check.not_found') });
	return meta;
}

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'datasets.upload');
	// A load that ended: the upload is gone, its dataset is where to go.
	const ended = uploadJob(event.params.token);
	if (ended?.kind === 'load' && ended.state === 'done' && ended.datasetId !== null) redirect(303, `/datasets/${ended.datasetId}?loaded=1`);
	const meta = await uploadOr404(event);
	const locale = event.locals.locale;
	// The first visit starts the check with the settings given at upload (in the worker: the page answers at once).
	if (!meta.result && !ended) await runUpload(meta, meta.settings, false, event.locals.user!.email);
	const job = uploadJob(meta.token);
	const result = meta.result as IngestResult | null;
	const assistant = await assistantFor(getDb(), meta, result, locale);
	const web = (i: IngestIssue) => webIssue(locale, i);
	return {
		job,
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
		return { started: run.started };
	},
	load: async (event) => {
		requireUser(event, 'datasets.upload');
		const meta = await uploadOr404(event);
		const form = await event.request.formData();
		const settings = postedSettings(form, meta.settings);
		const actor = actorOf(event);
		const run = await runUpload(meta, settings, true, event.locals.user!.email, (r) =>
			audit(getDb(), actor, 'dataset_upload', { dataset_id: r.dataset_id, kind: 'survey', wave: r.wave, title: settings.title || meta.fileName,
				file_name: meta.fileName, sha256: meta.sha256, rows: r.rows, skipped: r.skipped, replaced: r.replaced }));
		if (run.kind === 'settings') return fail(400, { problems: run.problems });
		return { started: run.started };
	},
	/** Stops the running check or load: what it wrote is removed. */
	cancel: async (event) => {
		requireUser(event, 'datasets.upload');
		const meta = await uploadOr404(event);
		return { cancelled: cancelUploadJob(meta.token) };
	},
	discard: async (event) => {
		requireUser(event, 'datasets.upload');
		const meta = await uploadOr404(event);
		forgetUploadJob(meta.token);
		await removeUpload(meta.token);
		redirect(303, '/upload');
	}
};
