// GET /api/partners.csv: the directory as CSV (the handler picks CSV from the suffix).
export { GET } from '../partners/+server';
