/**
 * 008: datasets written in short transactions. A large file is loaded a chunk of rows per
 * transaction, so that sign-ins, settings and other writes never wait for the whole load; until
 * its one-row publish the dataset is hidden, and everything that lists datasets (or the areas a
 * dataset created) leaves hidden ones out. A dataset being removed is hidden first, then deleted a
 * chunk at a time. `hidden` says why a dataset is hidden:
 *   NULL                  published: what everyone sees;
 *   'loading <process>'   being written by that process (db/loader.ts names it); removed when
 *                         that process is gone: at the next open and by the next ingestion;
 *   'removing'            being deleted: the deletion is finished by whoever opens the file next.
 * A copy of the file taken at any moment (an online backup in the middle of a load) therefore
 * holds at most hidden datasets whose process is not running where the copy is restored, and
 * opening the copy removes them.
 */
export default /* sql */ `
ALTER TABLE datasets ADD COLUMN hidden TEXT;
CREATE INDEX datasets_hidden ON datasets (hidden) WHERE hidden IS NOT NULL;
`;
