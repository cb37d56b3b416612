/** The test accounts, one per role. */
export interface TestUser {
	email: string;
	password: string;
	role: 'viewer' | 'analyst' | 'admin';
}

export const ADMIN: TestUser = { email: 'admin@vigie.test', password: 'admin passphrase 1', role: 'admin' };
export const ANALYST: TestUser = { email: 'analyst@vigie.test', password: 'analyst passphrase 1', role: 'analyst' };
export const VIEWER: TestUser = { email: 'viewer@vigie.test', password: 'viewer passphrase 1', role: 'viewer' };
export const ALL_ROLES: TestUser[] = [ADMIN, ANALYST, VIEWER];
