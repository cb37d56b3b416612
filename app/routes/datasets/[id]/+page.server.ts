import { error, fail, redirect } from '@sveltejs/kit';
import { getDataset, listSkipped } from '$db/datasets';
import { getDb } from '$lib/server/db';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { audit } from '$lib/server/auth/audit-log';
import { mappingOfDataset, removeDataset } from '$lib/server/ingestion/ingest';
import { issueMessage } from '$lib/server/ingestion/issues';
import { t } from '$lib/i18n';
import { formatDateTime } from '$lib/format';
import { waveInWords } from '$lib/wave-words';
import type { IngestIssue } from '$ingest/report';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function datasetOr404(event: RequestEvent) {
	requireUser(event, 'microdata.read');
	const id = Number(event.params.id);
	const d = Number.isInteger(id) ? getDataset(getDb(), id) : undefined;
	if (!d) error(404, { message: t(event.locals.locale, 'dataset.not_found', { id: event.params.id }) });
	return d;
}

export const load: PageServerLoad = (event) => {
	const d = datasetOr404(event);
	const locale = event.locals.locale;
	const render = (i: IngestIssue) => ({ ...i, message: issueMessage(locale, i, 'web') });
	let mapping: string | null = null;
	try {
		mapping = d.kind === 'survey' ? JSON.stringify(mappingOfDataset(d), null, 2) : JSON.stringify(d.mapping, null, 2);
	} catch {
		mapping = JSON.stringify(d.mapping, null, 2);
	}
	return {
		dataset: { id: d.id, title: d.title, kind: d.kind, wave: d.wave, waveWords: waveInWords(locale, d.wave), rows: d.rows, skipped: d.skipped, file_name: d.file_name, sha256: d.sha256,
			created_by: d.created_by, created_at: formatDateTime(locale, d.created_at) ?? '', created_iso: d.created_at, synthetic: d.synthetic, design: d.design, detected: d.detected },
		mapping,
		warnings: (d.warnings as unknown as IngestIssue[]).map(render),
		skippedRows: listSkipped(getDb(), d.id, 1000).map((s) => render({ ...s, code: s.code as IngestIssue['code'] })),
		justLoaded: event.url.searchParams.has('loaded')
	};
};

export const actions: Actions = {
	delete: async (event) => {
		requireUser(event, 'datasets.delete');
		const d = datasetOr404(event);
		const form = await event.request.formData();
		if (form.get('confirm') !== 'on') return fail(400, { mustConfirm: true });
		removeDataset(getDb(), d.id);
		audit(getDb(), actorOf(event), 'dataset_delete', { dataset_id: d.id, kind: d.kind, wave: d.wave, title: d.title });
		redirect(303, `/datasets?deleted=${d.id}&title=${encodeURIComponent(d.title)}`);
	}
};
