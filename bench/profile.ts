/**
 * Where an ingestion's time goes: a V8 CPU profile (`node --cpu-prof`) read sample by sample,
 * each sample counted for the stage of the innermost frame that belongs to one (a native call
 * such as a statement's `run` or `TextDecoder.decode` counts for the JavaScript that called it),
 * and only the samples taken between the load's start and end (module loading is left out).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** Stages in the order of the data flow; the first whose pattern matches a frame's file (or name) wins. */
export const STAGES: { stage: string; match: RegExp }[] = [
	{ stage: 'read, hash, decode', match: /ingest\/reader\/(stream|decode)\.ts/ },
	{ stage: 'parse CSV', match: /ingest\/reader\/parser\.ts/ },
	{ stage: 'validate rows', match: /ingest\/survey\/(validate-row|schema|header|ids|checks|blocks)\.ts|ingest\/names\.ts|node_modules\/zod\// },
	{ stage: 'encode columns', match: /ingest\/survey\/columns\.ts/ },
	{ stage: 'SQLite writes', match: /db\/[a-z-]+\.ts|better-sqlite3\// },
	{ stage: 'load loop', match: /ingest\/survey\/load-survey\.ts/ },
	{ stage: 'garbage collection', match: /^\(garbage collector\)$/ },
	{ stage: 'idle (waiting for the disk)', match: /^\((idle|program)\)$/ }
];

/** Milliseconds per stage over the samples in [fromUs, toUs] (the profile's clock: process.hrtime in µs). */
export function stageTimes(profilePath: string, fromUs: number, toUs: number): { stage: string; ms: number }[] {
	const p = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
	const parent = new Map<number, number>();
	const byId = new Map<number, ProfileNode>();
	for (const n of p.nodes) {
		byId.set(n.id, n);
		for (const c of n.children ?? []) parent.set(c, n.id);
	}
	const stageOf = new Map<number, string>();
	const classify = (id: number): string => {
		const known = stageOf.get(id);
		if (known) return known;
		const f = byId.get(id)!.callFrame;
		const hit = STAGES.find((s) => s.match.test(f.url.replace(/\\/g, '/')) || s.match.test(f.functionName));
		const up = parent.get(id);
		const stage = hit ? hit.stage : up === undefined ? 'other' : classify(up);
		stageOf.set(id, stage);
		return stage;
	};
	const ms = new Map<string, number>();
	let t = p.startTime;
	p.samples.forEach((id, i) => {
		t += p.timeDeltas[i] ?? 0;
		if (t < fromUs || t > toUs) return;
		const s = classify(id);
		ms.set(s, (ms.get(s) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
	});
	return [...STAGES.map((s) => s.stage), 'other'].map((stage) => ({ stage, ms: ms.get(stage) ?? 0 }));
}
