/**
 * Issue codes of the diagnostic kinds (areas, incidents, population, audit, mapping), rendered by
 * the interfaces from the `err.*` messages of app/lib/i18n, like the survey's.
 */

export type DiagnosticIssueCode =
	// areas (GeoJSON / TopoJSON)
	| 'geo_not_json'
	| 'geo_not_collection'
	| 'geo_no_features'
	| 'geo_topology_object'
	| 'geo_topology_invalid'
	| 'geo_not_feature'
	| 'geo_property_missing'
	| 'geo_choose_property'
	| 'geo_no_geometry'
	| 'geo_geometry_type'
	| 'geo_no_coordinates'
	| 'geo_ring_too_short'
	| 'geo_ring_not_closed'
	| 'geo_coordinate_invalid'
	| 'geo_not_wgs84'
	| 'geo_self_intersection'
	| 'geo_duplicate_code'
	| 'geo_duplicate_name'
	| 'geo_name_empty'
	| 'geo_area_exists'
	| 'geo_official_name_missing'
	| 'geo_official_code_unused'
	// every kind placed in a geography
	| 'unknown_geography'
	// incidents, audit, mapping
	| 'date_invalid'
	| 'month_invalid'
	| 'coordinate_invalid'
	| 'coordinates_partial'
	| 'no_location'
	| 'point_outside'
	| 'unknown_time_of_day'
	| 'unknown_perception'
	| 'duplicate_site'
	| 'score_out_of_range'
	| 'no_criteria'
	// partners directory
	| 'unknown_service'
	| 'unknown_audience'
	| 'website_invalid'
	| 'email_invalid'
	| 'phone_invalid'
	| 'yes_no_invalid'
	// population tables
	| 'pop_layout_unknown'
	| 'pop_age_label'
	| 'pop_not_count'
	| 'pop_column_skipped'
	| 'pop_row_skipped'
	| 'pop_duplicate_area'
	| 'pop_area_missing'
	| 'pop_band_split'
	| 'pop_band_uncovered'
	| 'pop_exists'
	| 'pop_year_missing'
	| 'pop_total_differs';
