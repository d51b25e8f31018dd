// How the project's PostgreSQL clients (Harbor, the schema-grant Job, the database dump) verify the server. No cdktf.
//
// DigitalOcean hands out one CA per database cluster (`digitalocean_database_ca`, provider v2.71.0
// digitalocean/database/datasource_database_ca.go: `certificate`, the PEM text). Its documentation asks clients for
// `sslmode=require` plus that CA and nowhere states which names the server certificate carries; the project
// connects to the private host (`private-<cluster>...db.ondigitalocean.com`), and a `verify-full` against a
// certificate that names only the public host would refuse every connection, so the grant Job would fail and
// Harbor never install. `verify-ca` verifies the chain up to the cluster's CA, which no one but DigitalOcean can
// sign with, and so already defeats a man in the middle who lacks that key. It is the default; `verify-full`
// is there for whoever has checked the private host's certificate (see docs/security.md).

/** The sslmodes that verify the server: the chain (`verify-ca`), or the chain and the host name (`verify-full`). */
export const DATABASE_SSL_MODES = ["verify-ca", "verify-full"] as const;
export type DatabaseSslMode = (typeof DATABASE_SSL_MODES)[number];

/** The mode used when a CA is given and no mode is (see the note at the top of this file). */
export const DEFAULT_DATABASE_SSL_MODE: DatabaseSslMode = "verify-ca";

/** Why `mode` is not a verifying sslmode, or undefined when it is. */
export function databaseSslModeProblem(mode: string): string | undefined {
  if ((DATABASE_SSL_MODES as readonly string[]).includes(mode)) return undefined;
  return `must be one of ${DATABASE_SSL_MODES.join(", ")}`;
}
