/**
 * The kinds of file a dataset holds. Its own module because datasets.ts lists waves through
 * waves.ts, and waves.ts takes a kind: with the type in datasets.ts the two would import each other.
 */
export type DatasetKind = 'survey' | 'incidents' | 'population' | 'audit' | 'mapping' | 'areas' | 'partners';
