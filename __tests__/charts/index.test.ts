// This folder's suites, in one module registry: see __tests__/support/suites.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- each suite loads inside its describe block */
import { sharedPostgres } from "../support/postgres-server";
import { suite } from "../support/suites";

// The PostgreSQL suites share one server (sharedPostgres), whose start takes seconds: it starts here, before any
// suite is collected, and the suites that need none run first, meanwhile.
const postgres = sharedPostgres();
afterAll(() => postgres.release());

suite("charts/harbor-extra-values", () => require("./harbor-extra-values.suite"));
suite("charts/render", () => require("./render.suite"));
suite("charts/postgres-grant-sql", () => require("./postgres-grant-sql.suite"));
suite("charts/postgres-tls", () => require("./postgres-tls.suite"));
suite("charts/registry-backup-roundtrip", () => require("./registry-backup-roundtrip.suite"));
suite("charts/scanner-database", () => require("./scanner-database.suite"));
