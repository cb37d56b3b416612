/**
 * Which process is writing a hidden dataset, in words that stay true after that process is gone:
 * the machine's name, its boot, the process id and the moment the process started. A process id
 * alone is reused by the system; with the boot and the start time it names one process only. A
 * database in WAL mode is only ever shared by processes of one machine (the write-ahead log
 * needs shared memory), so a loader of another machine or of an earlier boot is gone.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

interface Loader {
	host: string;
	boot: string;
	pid: number;
	/** The process's start, in clock ticks after boot (Linux), or '' where the system does not say. */
	start: string;
}

/** A file of /proc, or null: a process that has exited has no folder there, and a system without /proc says nothing. */
function read(path: string): string | null {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return null; // deliberate: "unknown" is an answer the callers handle (the loader is taken as gone)
	}
}

/** The start time of a process from /proc/PID/stat (field 22, after the parenthesised name), or null. */
function startOf(pid: number): string | null {
	const stat = read(`/proc/${pid}/stat`);
	if (stat === null) return null;
	return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

const boot = (read('/proc/sys/kernel/random/boot_id') ?? '').trim();

let self: string | undefined;
/** This process, as it is written in `datasets.hidden` while it loads. */
export function thisLoader(): string {
	self ??= JSON.stringify({ host: hostname(), boot, pid: process.pid, start: startOf(process.pid) ?? '' } satisfies Loader);
	return self;
}

/** Whether the process a loader names is still running here (an unreadable name: no). */
export function loaderRunning(name: string): boolean {
	let l: Loader;
	try {
		l = JSON.parse(name) as Loader;
	} catch {
		return false;
	}
	if (l.host !== hostname() || l.boot !== boot || !Number.isInteger(l.pid)) return false;
	if (l.pid === process.pid) return l.start === (startOf(process.pid) ?? '');
	const start = startOf(l.pid);
	if (start !== null) return start === l.start;
	if (l.start !== '' || boot !== '') return false; // Linux: no such process
	try {
		process.kill(l.pid, 0); // elsewhere: the process id is all there is
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}
