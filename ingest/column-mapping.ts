/**
 * A mapping file says how a file that is not in the canonical shape becomes a dataset: which
 * column plays which role, which codes mean which values, which codes are missing, how the
 * replicate weights are named and weighted, and the file's dialect. It is JSON, validated here,
 * saved with the dataset and reusable for the next wave (`vigie ingest --mapping-from ID`).
 * README "Mapping files" documents every key with examples; docs/statistics.md the design keys
 * (stratum, PSU, fpc, single-PSU strata, replicate weights) with the R call each one matches.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DELIMITERS, ENCODINGS } from './reader/detect';
import { DEFAULT_GEOGRAPHY } from '../domain/words';

export const CORE_ROLES = ['respondent_id', 'wave', 'borough', 'age', 'age_group', 'gender', 'weight', 'stratum', 'psu', 'fpc'] as const;
export type CoreRole = (typeof CORE_ROLES)[number];

/** Where a core role's value comes from. */
export const ColumnSource = z.union([
	z.string().min(1), // a column of the file, by its header
	z.object({ constant: z.string().min(1) }).strict(), // the same value on every row (a wave, a one-borough survey)
	z.object({ join: z.array(z.string().min(1)).min(2), separator: z.string().default('-') }).strict(), // ids made of several columns
	z.null() // not collected (gender or age only)
]);
export type ColumnSource = z.infer<typeof ColumnSource>;

/** The replicate types of R's svrepdesign(type = …). */
export const REPLICATE_TYPES = ['bootstrap', 'JK1', 'JKn', 'BRR', 'Fay', 'other'] as const;
export type ReplicateType = (typeof REPLICATE_TYPES)[number];
/** The older `method` key, kept so that saved mappings still load: its bootstrap is scaled 1/B (Statistics Canada). */
export const REPLICATE_METHODS = ['bootstrap', 'jk1', 'brr', 'fay'] as const;
export type ReplicateMethod = (typeof REPLICATE_METHODS)[number];
const TYPE_OF_METHOD: Record<ReplicateMethod, ReplicateType> = { bootstrap: 'bootstrap', jk1: 'JK1', brr: 'BRR', fay: 'Fay' };
/** `jkn`, `brr`… are read as R spells them. */
const ReplicateTypeName = z.preprocess(
	(v) => (typeof v === 'string' ? (REPLICATE_TYPES.find((t) => t.toLowerCase() === v.toLowerCase()) ?? v) : v),
	z.enum(REPLICATE_TYPES)
);

/** R's options(survey.lonely.psu = …): what a stratum with a single PSU adds to a variance. */
export const LONELY_PSU = ['fail', 'remove', 'certainty', 'adjust', 'average'] as const;
export type LonelyPsu = (typeof LONELY_PSU)[number];

const Codes = z.record(z.string(), z.string());

/** The combinations svrepdesign refuses or would ignore, refused here with the key to fix. */
function checkReplicates(r: { type?: ReplicateType; method?: ReplicateMethod; scale?: number; rscales?: number[]; rho?: number }, ctx: z.RefinementCtx): void {
	const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
	if (r.type && r.method && TYPE_OF_METHOD[r.method] !== r.type) issue('method', 'method_differs_from_type');
	const type = r.type ?? (r.method ? TYPE_OF_METHOD[r.method] : 'bootstrap');
	if (type === 'Fay' && r.rho === undefined) issue('rho', 'fay_needs_rho');
	if (type !== 'Fay' && r.rho !== undefined) issue('rho', 'rho_only_for_fay');
	// R's BRR and Fay fix the scale (1/B, 1/(B(1 − ρ)²)) and ignore one given; the older `method` key allowed it.
	if (r.type && (type === 'BRR' || type === 'Fay') && r.scale !== undefined) issue('scale', 'scale_fixed_by_type');
	if (type === 'other' && (r.scale === undefined || r.rscales === undefined)) issue(r.scale === undefined ? 'scale' : 'rscales', 'other_needs_scale_and_rscales');
}

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
				/** As svrepdesign(type = …). Absent: the bootstrap with the scale of mappings written before this key (1/B). */
				type: ReplicateTypeName.optional(),
				method: z.enum(REPLICATE_METHODS).optional(),
				/** Multiplier of Σ rscales_b (θ_b − θ̄)²; default from the type (see replicateSpec). */
				scale: z.number().positive().finite().optional(),
				/** One factor per replicate (svrepdesign's rscales); JKn derives them from the strata when absent. */
				rscales: z.array(z.number().nonnegative().finite()).min(1).optional(),
				rho: z.number().min(0).lt(1).optional(),
				/** true: deviations from the full-sample estimate; false: from the mean of the replicates (R's default). */
				mse: z.boolean().default(true)
			})
			.strict()
			.superRefine(checkReplicates)
			.optional(),
		/** How the linearisation variance treats strata with a single PSU (R's survey.lonely.psu and survey.adjust.domain.lonely). */
		design: z
			.object({
				lonely_psu: z.enum(LONELY_PSU).default('certainty'),
				adjust_domain_lonely: z.boolean().default(false)
			})
			.strict()
			.default({ lonely_psu: 'certainty', adjust_domain_lonely: false }),
		/** The geography whose areas the `borough` values name (parseMapping supplies the house one when absent). */
		geography: z.string().min(1).default(DEFAULT_GEOGRAPHY),
		/** Create the areas from the file's values (after `values.borough`): only for a geography that has none yet. */
		new_areas: z.boolean().default(false)
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
		kind: z.enum(['incidents', 'population', 'audit', 'mapping', 'partners']).optional(),
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

/**
 * Validates a mapping (from a file, a form or a dataset), with every problem named by its path. A
 * mapping that names no geography is placed in `geography`: the house geography the caller read
 * from the settings, or the bundled one.
 */
export function parseMapping(input: unknown, geography: string = DEFAULT_GEOGRAPHY): SurveyMapping {
	const placed = input === undefined || input === null ? { geography }
		: typeof input === 'object' && !Array.isArray(input) && !('geography' in input) ? { ...input, geography } : input;
	const r = SurveyMapping.safeParse(placed);
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

export function readMappingFile(path: string, geography?: string): SurveyMapping {
	return parseMapping(readJson(path), geography);
}

export function readDiagnosticMappingFile(path: string): DiagnosticMapping {
	const r = DiagnosticMapping.safeParse(readJson(path));
	if (!r.success) throw new MappingError(r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })));
	return r.data;
}

/** What the variance of a replicate design needs from the mapping, for B replicate columns. */
export interface ReplicateSpec {
	type: ReplicateType;
	scale: number;
	/** Absent: 1 for every replicate (JKn without rscales: derived from the strata after loading). */
	rscales?: number[];
	rho?: number;
	mse: boolean;
}

/**
 * The type, scale and rscales of svrepdesign for B replicates: bootstrap 1/(B − 1), JK1
 * (B − 1)/B, JKn 1 (with rscales (n_h − 1)/n_h), BRR 1/B, Fay 1/(B(1 − ρ)²), other as given.
 * The older `method` key (and no replicates block, for bw_ columns found by name) keeps its
 * bootstrap scale 1/B, so saved mappings give the numbers they gave.
 */
export function replicateSpec(r: SurveyMapping['replicates'], B: number): ReplicateSpec {
	const legacy = !r || r.type === undefined;
	const type: ReplicateType = r?.type ?? (r?.method ? TYPE_OF_METHOD[r.method] : 'bootstrap');
	const defaults: Record<ReplicateType, number> = {
		bootstrap: legacy ? 1 / B : 1 / (B - 1), JK1: (B - 1) / B, JKn: 1, BRR: 1 / B, Fay: 1 / (B * (1 - (r?.rho ?? 0)) ** 2), other: 1
	};
	return { type, scale: r?.scale ?? defaults[type], ...(r?.rscales ? { rscales: r.rscales } : {}),
		...(type === 'Fay' ? { rho: r!.rho! } : {}), mse: r?.mse ?? true };
}
