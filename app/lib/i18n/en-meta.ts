/**
 * English page descriptions (the `<meta name="description">` search engines and link previews
 * show), one per section of the site. Spread into en.ts.
 */
export const metaEn = {
	'meta.default': 'Vigie: local safety indicators from safety surveys and diagnostics, with confidence intervals and the reliability of every figure.',
	'meta.overview': 'How safe residents feel, borough by borough: key findings, maps of every indicator and the changes since the previous wave.',
	'meta.explorer': 'Explore a safety indicator by borough, age group and gender, with 95% confidence intervals and the numbers behind every chart.',
	'meta.portraits': 'Safety portraits of each borough: pick a borough on the map or in the list to read its indicators.',
	'meta.portrait': 'The safety portrait of a borough: its key finding, its indicators against the rest of the city, and charts ready for a slide.',
	'meta.compare': 'Two boroughs, or a borough and the whole city, side by side: the same safety indicators with their confidence intervals.',
	'meta.map': 'The map of local safety: incidents by area, points reported by residents, exploratory-walk sites and partner services.',
	'meta.partners': 'The directory of partner organisations and the services they offer, by borough.',
	'meta.catalog': 'The catalogue of safety indicators: what each one measures, from which questions, and how it is computed.',
	'meta.datasets': 'The datasets loaded into Vigie: waves, sources, checks and column mappings.',
	'meta.sign_in': 'Sign in to Vigie.'
} as const;
