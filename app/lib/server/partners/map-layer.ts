/**
 * The map page's partners layer: the directory's partners with coordinates, projected like the
 * areas and merged into circles at the city's scale. Only what is public leaves here: names and
 * services, never contact details.
 */
import type { Db } from '../../../../db/connection';
import { listAreaGeometries } from '../../../../db/areas';
import { listDatasets } from '../../../../db/datasets';
import { listPartnerServices, readPartnerDirectory } from '../../../../db/partners';
import { fitMapProjection } from '../../charts/choropleth';
import { clusterPartners, type PartnerCluster } from '../../charts/partner-clusters';
import type { Locale } from '../../i18n';

export const PARTNER_CLUSTER_RADIUS = 14;

export interface PartnersLayer {
	clusters: PartnerCluster[];
	/** Partners with coordinates, and those of them pinned to the frame's edge. */
	located: number;
	offMap: number;
	total: number;
	radius: number;
	title: string;
	synthetic: boolean;
}

/** `clusters[].services` are the services' names in the reader's language. */
export function buildPartnersLayer(db: Db, geography: string, size: { width: number; height: number }, locale: Locale): PartnersLayer | null {
	const ds = listDatasets(db, 'partners').at(-1);
	if (!ds) return null;
	const partners = readPartnerDirectory(db);
	const labels = new Map(listPartnerServices(db).map((s) => [s.id, locale === 'fr' ? s.label_fr : s.label_en]));
	const projection = fitMapProjection(listAreaGeometries(db, geography).map((a) => a.geometry), size.width, size.height, 0);
	const points = partners.filter((p) => p.lon !== null && p.lat !== null).map((p) => {
		const xy = projection([p.lon!, p.lat!]);
		return { name: p.name, x: xy?.[0] ?? null, y: xy?.[1] ?? null, services: p.services.map((id) => labels.get(id) ?? id) };
	});
	const clusters = clusterPartners({ points, ...size, radius: PARTNER_CLUSTER_RADIUS });
	return { clusters, located: points.length, offMap: clusters.filter((c) => c.offMap).reduce((n, c) => n + c.count, 0), total: partners.length,
		radius: PARTNER_CLUSTER_RADIUS, title: ds.title, synthetic: ds.synthetic };
}
