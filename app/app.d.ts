import type { Locale } from '$lib/i18n';
import type { Role, User } from '$db/users';

declare global {
	namespace App {
		interface Locals {
			locale: Locale;
			/** The signed-in account (by session cookie or API token), or null for an anonymous visitor. */
			user: User | null;
			/** What the visitor may do: the account's role; 'viewer' for anonymous visitors of a public dashboard; null otherwise. */
			role: Role | null;
			/** Whether the dashboard is public (readable without an account). */
			publicMode: boolean;
			/** How the account was recognised. */
			auth: 'session' | 'token' | null;
			/** The SHA-256 of the session cookie's value, when signed in with one. */
			sessionHash: string | null;
			/** Whether the browser reached Vigie over HTTPS (cookies are then Secure). */
			secure: boolean;
			/** Set by the guard when it refuses a request, so that API routes answer with their JSON error shape. */
			denied: { status: 401 | 403; code: 'unauthenticated' | 'forbidden'; message: string } | null;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
