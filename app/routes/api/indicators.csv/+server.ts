// GET /api/indicators.csv: the catalog as CSV (the handler picks CSV from the suffix).
export { GET } from '../indicators/+server';
