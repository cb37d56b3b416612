/**
 * Header names that usually mean a core role, in French, English and Spanish, as survey
 * producers write them (INEGI's ENSU and ENVIPE: SEXO/SEX, EDAD/EDA, FACTOR, EST_DIS/EDIS,
 * UPM/UPM_DIS; Statistics Canada and Kobo exports; French municipal surveys). Compared through
 * `headerKey` (case, accents and punctuation ignored). These only propose a mapping; the names a
 * load accepts on its own are the shorter list of `HEADER_ALIASES`.
 */
import type { CoreRole } from '../column-mapping';
import { HEADER_ALIASES, headerKey } from '../survey/schema';

export type Language = 'fr' | 'en' | 'es';

export const ROLE_NAMES: Record<CoreRole, Record<Language, string[]>> = {
	respondent_id: {
		fr: ['id', 'identifiant', 'repondant', 'id_repondant', 'no_repondant', 'num_repondant', 'no_questionnaire', 'numero_questionnaire', 'id_questionnaire'],
		en: ['respondent_id', 'respondent', 'id_respondent', 'respid', 'caseid', 'case_id', 'record_id', 'uuid', 'key', 'instanceid', 'serial', 'pumfid', 'person_id'],
		es: ['folio', 'id_persona', 'id_informante', 'id_encuestado', 'folio_persona', 'llave', 'id_viv']
	},
	wave: {
		fr: ['vague', 'cycle', 'annee_enquete', 'edition'],
		en: ['wave', 'round', 'survey_year', 'period'],
		es: ['ola', 'periodo', 'per', 'levantamiento', 'trimestre']
	},
	borough: {
		fr: ['arrondissement', 'arr', 'quartier', 'territoire', 'secteur', 'municipalite', 'ville', 'nom_arrondissement', 'arrondissement_nom', 'commune'],
		en: ['borough', 'area', 'district', 'neighbourhood', 'neighborhood', 'ward', 'city', 'municipality', 'lad', 'lad_name', 'region'],
		es: ['ciudad', 'cd_nombre', 'nom_cd', 'nombre_ciudad', 'municipio', 'nom_mun', 'alcaldia', 'delegacion', 'localidad', 'colonia', 'nom_ent', 'entidad']
	},
	age: {
		fr: ['age', 'age_repondant', 'age_annees', 'age_ans'],
		en: ['age', 'age_years', 'agep', 'age_resp', 'respondent_age'],
		es: ['edad', 'eda', 'edad_informante', 'anios']
	},
	age_group: {
		fr: ['groupe_age', 'groupe_d_age', 'tranche_age', 'tranche_d_age', 'classe_age', 'age_groupe'],
		en: ['age_group', 'agegroup', 'age_grp', 'age_band', 'age_cat', 'agegrp'],
		es: ['grupo_edad', 'grupo_de_edad', 'rango_edad', 'edad_grupo', 'gpo_edad']
	},
	gender: {
		fr: ['genre', 'sexe', 'sexe_genre', 'identite_genre'],
		en: ['gender', 'sex', 'gender_identity', 'sex_resp'],
		es: ['sexo', 'sex', 'genero']
	},
	weight: {
		fr: ['poids', 'ponderation', 'pond', 'poids_final', 'pond_fin', 'ponderation_finale', 'coefficient'],
		en: ['weight', 'wt', 'wgt', 'final_weight', 'finalwt', 'pwgtp', 'wtfinal', 'weights', 'person_weight'],
		es: ['factor', 'fac', 'factor_expansion', 'factor_exp', 'fac_per', 'fac_sel', 'ponderador', 'peso']
	},
	stratum: {
		fr: ['strate', 'strate_sondage'],
		en: ['stratum', 'strata', 'strat', 'stratum_id', 'var_strat', 'sdmvstra'],
		es: ['estrato', 'est_dis', 'edis', 'estrato_dis', 'estrato_diseno']
	},
	fpc: {
		fr: ['taille_strate', 'population_strate', 'fraction_sondage'],
		en: ['fpc', 'stratum_size', 'stratum_population', 'sampling_fraction'],
		es: ['tam_estrato', 'poblacion_estrato', 'fraccion_muestreo']
	},
	psu: {
		fr: ['upe', 'grappe', 'unite_primaire'],
		en: ['psu', 'cluster', 'cluster_id', 'var_unit', 'sdmvpsu', 'psu_id'],
		es: ['upm', 'upm_dis', 'conglomerado', 'upm_diseno', 'unidad_primaria']
	}
};

/** Shorter pieces of names that hint at a role inside a longer header (`UPM_DIS`, `SEXO_INF`, `FAC_HOG`). */
const NAME_PARTS: Partial<Record<CoreRole, string[]>> = {
	gender: ['sex', 'sexe', 'sexo', 'genre', 'gender', 'genero'],
	age: ['age', 'edad', 'eda'],
	weight: ['weight', 'wgt', 'poids', 'pond', 'factor', 'fac', 'peso'],
	stratum: ['strat', 'strate', 'estrato', 'edis'],
	psu: ['psu', 'upm', 'upe', 'cluster', 'grappe', 'conglomerado'],
	borough: ['arrondissement', 'quartier', 'borough', 'district', 'ciudad', 'municipio', 'nombre'],
	respondent_id: ['id', 'folio', 'uuid'],
	wave: ['wave', 'vague', 'periodo']
};

/** `role NUL name` → the languages in which the name is usual for the role. */
const languagesOf = new Map<string, Language[]>();
for (const [role, byLanguage] of Object.entries(ROLE_NAMES) as [CoreRole, Record<Language, string[]>][]) {
	for (const [language, names] of Object.entries(byLanguage) as [Language, string[]][]) {
		// The names a load accepts by itself, where no language list has them, count as English.
		const own = language === 'en' ? HEADER_ALIASES[role].filter((n) => !Object.values(byLanguage).some((l) => l.includes(n))) : [];
		for (const n of new Set([...names, ...own])) {
			const list = languagesOf.get(`${role}\u0000${n}`) ?? [];
			if (!list.includes(language)) list.push(language);
			languagesOf.set(`${role}\u0000${n}`, list);
		}
	}
}

export type NameEvidence =
	/** `language` is null for a name several languages share (`age`, `id`). */
	| { kind: 'alias'; language: Language | null }
	| { kind: 'part'; part: string };

/** What a header's name says about a role: a usual name for it, a part of one, or nothing. */
export function nameEvidence(header: string, role: CoreRole): NameEvidence | null {
	const key = headerKey(header);
	const last = key.split('_').length > 1 && header.includes('/') ? headerKey(header.split('/').pop()!) : key;
	for (const k of [key, last]) {
		const hits = languagesOf.get(`${role}\u0000${k}`);
		if (hits) return { kind: 'alias', language: hits.length === 1 ? hits[0]! : null };
	}
	const tokens = key.split('_');
	const part = NAME_PARTS[role]?.find((p) => tokens.includes(p));
	return part ? { kind: 'part', part } : null;
}
