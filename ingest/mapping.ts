/**
 * A mapping file says how a file that is not in the canonical shape becomes a dataset: which
 * column plays which role, which codes mean which values, which codes are missing, how the
 * replicate weights are named and weighted, and the file's dialect. It is JSON, validated here,
 * saved with the dataset and reusable for the next wave (`vigie ingest --mapping-from ID`).
 * README "Mapping files" documents every key with examples.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DELIMITERS, ENCODINGS } from './reader/detect';

export const CORE_ROLES = ['respondent_id', 'wave', 'borough', 'age', 'age_group', 'gender', 'weight', 'stratum', 'psu'] as const;
export type CoreRole = (typeof CORE_ROLES)[number];

/** Where a core role's value comes from. */
export const ColumnSource = z.union([
	z.string().min(1), // a column of the file, by its header
	z.object({ constant: z.string().min(1) }).strict(), // the same value on every row (a wave, a one-borough survey)
	z.object({ join: z.array(z.string().min(1)).min(2), separator: z.string().default('-') }).strict(), // ids made of several columns
	z.null() // not collected (gender or age only)
]);
export type ColumnSource = z.infer<typeof ColumnSource>;

export const REPLICATE_METHODS = ['bootstrap', 'jk1', 'brr', 'fay'] as const;
export type ReplicateMethod = (typeof REPLICATE_METHODS)[number];

const Codes = z.record(z.string(), z.string());

export const SurveyMapping = z
	.object({
		version: z.literal(1).default(1),
		kind: z.literal('survey').default('survey'),
		csv: z
			.object({
				encoding: z.enum(ENCODINGS).optional(),
				delimiter: z.enum(DELIMITERS).optional(),
				decimal: z.enum(['.', ',']).optional()
			})
			.strict()
			.default({}),
		header: z
			.object({
				/** Survey-tool group paths: `g1/sg1/q` → `q` (a select-multiple `q/option` keeps its option: `q/option`). */
				strip_groups: z.boolean().default(false),
				/** What separates groups, questions and options in the header: `/` (KoboToolbox, ODK) or `.` (after R's make.names). */
				separator: z.string().min(1).max(3).default('/')
			})
			.strict()
			.default({ strip_groups: false, separator: '/' }),
		columns: z.partialRecord(z.enum(CORE_ROLES), ColumnSource).default({}),
		/** Per role or item: file code → value (`"gender": {"1": "man", "2": "woman"}`). */
		values: z.record(z.string(), Codes).default({}),
		/** Codes read as "no answer": for every item, or per item. */
		missing: z.union([z.array(z.string()), z.record(z.string(), z.array(z.string()))]).default([]),
		items: z
			.object({
				/** Keep only these items (after renaming); default: every column without a role. */
				include: z.array(z.string().min(1)).optional(),
				exclude: z.array(z.string().min(1)).default([]),
				/** Item name in Vigie → column of the file. */
				rename: z.record(z.string().min(1), z.string().min(1)).default({})
			})
			.strict()
			.default({ exclude: [], rename: {} }),
		replicates: z
			.object({
				prefix: z.string().min(1),
				method: z.enum(REPLICATE_METHODS).default('bootstrap'),
				/** Multiplier of Σ(θ_b − θ)²; default from the method (bootstrap and BRR 1/B, JK1 (B−1)/B, Fay 1/(B(1−ρ)²)). */
				scale: z.number().positive().finite().optional(),
				rho: z.number().min(0).lt(1).optional()
			})
			.strict()
			.refine((r) => r.method !== 'fay' || r.rho !== undefined, { message: 'fay_needs_rho', path: ['rho'] })
			.optional(),
		geography: z.string().min(1).default('montreal'),
		/** Create the areas from the file's values (after `values.borough`): only for a geography that has none yet. */
		new_areas: z.boolean().default(false),
		/** How strata with a single PSU enter variances, as R's `survey.lonely.psu`. */
		design: z.object({ lonely_psu: z.enum(['fail', 'remove', 'certainty', 'adjust', 'average']).default('certainty') }).strict().optional()
	})
	.strict()
	.superRefine((m, ctx) => {
		for (const [role, src] of Object.entries(m.columns)) {
			if (src === null && role !== 'gender' && role !== 'age')
				ctx.addIssue({ code: 'custom', path: ['columns', role], message: 'only_gender_or_age_can_be_null' });
			if (src !== null && typeof src === 'object' && 'join' in src && role !== 'respondent_id')
				ctx.addIssue({ code: 'custom', path: ['columns', role], message: 'join_only_for_respondent_id' });
		}
	});
export type SurveyMapping = z.infer<typeof SurveyMapping>;
export type SurveyMappingInput = z.input<typeof SurveyMapping>;

const CsvDialect = z
	.object({ encoding: z.enum(ENCODINGS).optional(), delimiter: z.enum(DELIMITERS).optional(), decimal: z.enum(['.', ',']).optional() })
	.strict()
	.default({});

/**
 * The mapping of a diagnostic file (incidents, audit, participatory mapping): which header plays
 * each role when the aliases do not recognise it, and the dialect. Population tables are read by
 * their shape and take only the dialect.
 */
export const DiagnosticMapping = z
	.object({
		version: z.literal(1).default(1),
		kind: z.enum(['incidents', 'population', 'audit', 'mapping']).optional(),
		csv: CsvDialect,
		columns: z.record(z.string().min(1), z.string().min(1)).default({}),
		geography: z.string().min(1).optional()
	})
	.strict();
export type DiagnosticMapping = z.infer<typeof DiagnosticMapping>;

export class MappingError extends Error {
	constructor(readonly problems: { path: string; message: string }[]) {
		super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
	}
}

/** Validates a mapping (from a file, a form or a dataset), with every problem named by its path. */
export function parseMapping(input: unknown): SurveyMapping {
	const r = SurveyMapping.safeParse(input ?? {});
	if (!r.success) throw new MappingError(r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })));
	return r.data;
}

function readJson(path: string): unknown {
	try {
		return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
	} catch (err) {
		throw new MappingError([{ path: '(file)', message: (err as Error).message }]);
	}
}

export function readMappingFile(path: string): SurveyMapping {
	return parseMapping(readJson(path));
}

export function readDiagnosticMappingFile(path: string): DiagnosticMapping {
	const r = DiagnosticMapping.safeParse(readJson(path));
	if (!r.success) throw new MappingError(r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })));
	return r.data;
}

/** The replicate variance multiplier for B replicates. */
export function replicateScale(r: NonNullable<SurveyMapping['replicates']>, B: number): number {
	if (r.scale !== undefined) return r.scale;
	switch (r.method) {
		case 'jk1': return (B - 1) / B;
		case 'fay': return 1 / (B * (1 - r.rho!) ** 2);
		default: return 1 / B;
	}
}
