// This folder's suites, in one module registry: see __tests__/support/suites.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- each suite loads inside its describe block */
import { suite } from "../../support/suites";

suite("constructs/harbor/chart-keys", () => require("./chart-keys.suite"));
suite("constructs/harbor/connection-budget", () => require("./connection-budget.suite"));
suite("constructs/harbor/cron", () => require("./cron.suite"));
suite("constructs/harbor/database-tls", () => require("./database-tls.suite"));
suite("constructs/harbor/day2/bad-props", () => require("./day2/bad-props.suite"));
suite("constructs/harbor/day2/replication", () => require("./day2/replication.suite"));
suite("constructs/harbor/day2/team-project", () => require("./day2/team-project.suite"));
suite("constructs/harbor/extra-values", () => require("./extra-values.suite"));
suite("constructs/harbor/harbor-values", () => require("./harbor-values.suite"));
suite("constructs/harbor/harbor", () => require("./harbor.suite"));
suite("constructs/harbor/internal-tls", () => require("./internal-tls.suite"));
suite("constructs/harbor/metrics", () => require("./metrics.suite"));
suite("constructs/harbor/plan-time-connection-budget", () => require("./plan-time-connection-budget.suite"));
suite("constructs/harbor/postgres-schema-grant", () => require("./postgres-schema-grant.suite"));
suite("constructs/harbor/provider/api-ready", () => require("./provider/api-ready.suite"));
suite("constructs/harbor/provider/bindings-config", () => require("./provider/bindings-config.suite"));
suite("constructs/harbor/provider/bindings-projects", () => require("./provider/bindings-projects.suite"));
suite("constructs/harbor/provider/bindings-replication", () => require("./provider/bindings-replication.suite"));
suite("constructs/harbor/provider/bindings", () => require("./provider/bindings.suite"));
suite("constructs/harbor/traefik-backend", () => require("./traefik-backend.suite"));
