// The suites that need a real PostgreSQL 17 share one server: starting one (initdb included) takes seconds, and
// jest gives every test file its own module registry, so sharing means one file.
import "./postgres-grant-sql.suite";
import "./registry-backup-roundtrip.suite";
import "./postgres-tls.suite";
