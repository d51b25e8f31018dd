// This folder's suites, in one module registry: see __tests__/support/suites.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- each suite loads inside its describe block */
import { suite } from "../support/suites";

suite("security/isolation", () => require("./isolation.suite"));
suite("security/issuers", () => require("./issuers.suite"));
suite("security/lifecycle", () => require("./lifecycle.suite"));
suite("security/traefik-scope", () => require("./traefik-scope.suite"));
suite("security/entry-points", () => require("./entry-points.suite"));
suite("security/load-balancer-policy", () => require("./load-balancer-policy.suite"));
suite("security/caa-record", () => require("./caa-record.suite"));
suite("security/failing-instance", () => require("./failing-instance.suite"));
suite("security/existing-namespace", () => require("./existing-namespace.suite"));
suite("security/platform-nodes", () => require("./platform-nodes.suite"));
suite("security/existing-controller", () => require("./existing-controller.suite"));
