// This folder's suites, in one module registry: see __tests__/support/suites.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- each suite loads inside its describe block */
import { suite } from "../../support/suites";

suite("constructs/compose/harbor-on-doks", () => require("./harbor-on-doks.suite"));
suite("constructs/compose/ingress-platform", () => require("./ingress-platform.suite"));
suite("constructs/compose/traefik-wiring", () => require("./traefik-wiring.suite"));
