/**
 * Where to send a reader after signing in: the `next` of `/login?next=…`, which anyone can write
 * into a link. Only a path of this site passes; anything else becomes `/`.
 *
 *   localPath('/explorer?wave=2024')   // '/explorer?wave=2024'
 *   localPath('/%09/evil.example')     // '/'
 */

/** Longer than any link the dashboard makes; a longer `next` is not one of ours. */
const MAX_LENGTH = 2048;

/** Any origin would do: it only tells apart a path of this site from an address of another. */
const BASE = 'http://vigie.invalid';

/** C0 controls, DEL and C1 controls, as they come (browsers drop tabs and newlines from a URL). */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** After percent-decoding byte by byte, only ASCII: bytes 0x80–0x9f are also parts of UTF-8 letters ("É" is C3 89). */
const DECODED_CONTROL = /[\u0000-\u001f\u007f]/;

/** One round of percent-decoding, byte by byte, that never fails (a malformed "%E0%A4" stays as it is). */
const decodeBytes = (s: string) => s.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * Whether one reading of the value is an absolute path that every browser resolves to this site:
 * it starts with one "/", and has no backslash (browsers read "\" as "/"), no control character
 * (browsers drop tabs and newlines, so "/\t/evil.example" is "//evil.example"; a newline would
 * also break the Location header) and no "//" in its path, where a browser could start a host.
 */
function staysHere(s: string, control: RegExp): boolean {
	const path = s.split(/[?#]/, 1)[0]!;
	return s.startsWith('/') && !s.includes('\\') && !control.test(s) && !path.includes('//');
}

/**
 * A path of this site to come back to, normalised as a browser would send it (non-ASCII
 * characters percent-encoded, so that it fits in a Location header), or `/`. The value is checked
 * as it comes and after up to three rounds of percent-decoding: a proxy, a log viewer or the next
 * page may decode it again, and "%0A", "%09", "%5C" or "%2F%2F" must not turn into a way out.
 */
export function localPath(next: string | null | undefined): string {
	if (typeof next !== 'string' || next.length === 0 || next.length > MAX_LENGTH) return '/';
	if (!staysHere(next, RAW_CONTROL)) return '/';
	let s = next;
	for (let round = 0; round < 3; round++) {
		const decoded = decodeBytes(s);
		if (decoded === s) break;
		if (!staysHere(decoded, DECODED_CONTROL)) return '/';
		s = decoded;
	}
	// Encoded more than three times over: not a link the dashboard made.
	if (decodeBytes(s) !== s) return '/';
	let url: URL;
	try {
		url = new URL(next, BASE);
	} catch {
		return '/';
	}
	if (url.origin !== BASE) return '/';
	const path = url.pathname + url.search + url.hash;
	// The URL parser removes dot segments: "/a/..//b" would come out as "//b".
	return staysHere(path, RAW_CONTROL) ? path : '/';
}
