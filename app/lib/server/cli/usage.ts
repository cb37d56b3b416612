/** A command line that cannot be run as given: exit code 2 with the usage text. */
export class UsageError extends Error {}
