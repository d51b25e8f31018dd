// This folder's suites, in one module registry: see __tests__/support/suites.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- each suite loads inside its describe block */
import { suite } from "./support/suites";

suite("ci/workflow", () => require("./ci/workflow.suite"));
suite("examples/custom-stack", () => require("./examples/custom-stack.suite"));
suite("examples/operations", () => require("./examples/operations.suite"));
suite("examples/shared-clusters", () => require("./examples/shared-clusters.suite"));
suite("layering", () => require("./layering.suite"));
suite("main", () => require("./main.suite"));
suite("package-json", () => require("./package-json.suite"));
suite("scripts/check-plan", () => require("./scripts/check-plan.suite"));
suite("scripts/upgrade-guard", () => require("./scripts/upgrade-guard.suite"));
suite("scripts/critical-path", () => require("./scripts/critical-path.suite"));
suite("scripts/stack-order", () => require("./scripts/stack-order.suite"));
suite("support/charts", () => require("./support/charts.suite"));
suite("support/suites", () => require("./support/suites.suite"));
suite("support/tools", () => require("./support/tools.suite"));
