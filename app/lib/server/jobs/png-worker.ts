/**
 * The body of a PNG worker thread (png-in-worker.ts starts it): rasterises the SVGs it is sent,
 * one at a time, with the same code as everywhere else (exports/png.ts). The renderer's addon is
 * loaded as the worker starts, before the first request needs it.
 */
import { parentPort } from 'node:worker_threads';
import { svgToPng } from '../../exports/png';
import type { PngReply, PngRequest } from './png-in-worker';

const port = parentPort!;
const post = (m: PngReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

async function answer(job: PngRequest): Promise<void> {
	try {
		const { png, width, height } = await svgToPng(job.svg, { scale: job.scale, background: job.background });
		post({ type: 'png', id: job.id, png, width, height }, [png.buffer as ArrayBuffer]);
	} catch (err) {
		post({ type: 'error', id: job.id, message: (err as Error).message });
	}
}

port.on('message', (job: PngRequest) => void answer(job));
// A small picture with text in both weights loads the addon and checks the fonts now, not at the
// first export. If that fails, the first request fails the same way and carries the message.
const WARM_UP = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><path d="M2 2h40l-8 20z" fill="#4a6fa5"/>'
	+ '<text x="4" y="30" font-size="12">Vigie 12,3 %</text><text x="60" y="30" font-size="12" font-weight="700">E ×</text></svg>';
svgToPng(WARM_UP, { scale: 2, background: 'white' }).catch(() => {});
