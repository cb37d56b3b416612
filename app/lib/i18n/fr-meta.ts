import type { metaEn } from './en-meta';

/** Descriptions des pages en français (voir en-meta.ts). Répandues dans fr.ts. */
export const metaFr: Record<keyof typeof metaEn, string> = {
	'meta.default': 'Vigie : indicateurs de sécurité locale tirés d’enquêtes et de diagnostics de sécurité, avec intervalles de confiance et fiabilité de chaque chiffre.',
	'meta.overview': 'Le sentiment de sécurité des résidents, arrondissement par arrondissement : faits saillants, cartes de chaque indicateur et évolution depuis la vague précédente.',
	'meta.explorer': 'Explorer un indicateur de sécurité par arrondissement, groupe d’âge et genre, avec intervalles de confiance à 95 % et les chiffres derrière chaque graphique.',
	'meta.portraits': 'Les portraits de sécurité des arrondissements : choisissez un arrondissement sur la carte ou dans la liste pour lire ses indicateurs.',
	'meta.portrait': 'Le portrait de sécurité d’un arrondissement : son fait saillant, ses indicateurs comparés au reste de la ville et des graphiques prêts pour une présentation.',
	'meta.compare': 'Deux arrondissements, ou un arrondissement et l’ensemble de la ville, côte à côte : les mêmes indicateurs de sécurité avec leurs intervalles de confiance.',
	'meta.map': 'La carte de la sécurité locale : incidents par secteur, points signalés par les résidents, lieux des marches exploratoires et services des partenaires.',
	'meta.partners': 'Le répertoire des organismes partenaires et des services qu’ils offrent, par arrondissement.',
	'meta.catalog': 'Le catalogue des indicateurs de sécurité : ce que chacun mesure, à partir de quelles questions et comment il est calculé.',
	'meta.datasets': 'Les jeux de données chargés dans Vigie : vagues, sources, vérifications et correspondances de colonnes.',
	'meta.sign_in': 'Se connecter à Vigie.'
};
