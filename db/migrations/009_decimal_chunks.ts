/**
 * 009: survey number chunks may be stored as scaled 32-bit integers (db/decimal-chunks.ts):
 * `scale` is k when the chunk holds m for each value m / 10^k, NULL when it holds the 8-byte
 * doubles themselves (every chunk written before).
 */
export default /* sql */ `
ALTER TABLE survey_chunks ADD COLUMN scale INTEGER;
`;
