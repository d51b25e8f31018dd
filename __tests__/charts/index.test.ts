// This folder's suites, in one module registry: see __tests__/support/suites.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- each suite loads inside its describe block */
import { suite } from "../support/suites";

// The PostgreSQL suites share one server (sharedPostgres), which starts while jest collects them and takes seconds:
// the suites that need none run first, meanwhile.
suite("charts/harbor-extra-values", () => require("./harbor-extra-values.suite"));
suite("charts/render", () => require("./render.suite"));
suite("charts/postgres-grant-sql", () => require("./postgres-grant-sql.suite"));
suite("charts/postgres-tls", () => require("./postgres-tls.suite"));
suite("charts/registry-backup-roundtrip", () => require("./registry-backup-roundtrip.suite"));
