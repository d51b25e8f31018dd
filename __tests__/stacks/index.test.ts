// This folder's suites, in one module registry: see __tests__/support/suites.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- each suite loads inside its describe block */
import { suite } from "../support/suites";

suite("stacks/backend", () => require("./backend.suite"));
suite("stacks/cdktf-cli-output", () => require("./cdktf-cli-output.suite"));
suite("stacks/dns-providers", () => require("./dns-providers.suite"));
suite("stacks/example-guard", () => require("./example-guard.suite"));
suite("stacks/existing-clusters", () => require("./existing-clusters.suite"));
suite("stacks/harbor-config-stack", () => require("./harbor-config-stack.suite"));
suite("stacks/harbor-stack", () => require("./harbor-stack.suite"));
suite("stacks/ingress", () => require("./ingress.suite"));
suite("stacks/lifecycle-data", () => require("./lifecycle-data.suite"));
suite("stacks/lifecycle-harbor", () => require("./lifecycle-harbor.suite"));
suite("stacks/lock-files", () => require("./lock-files.suite"));
suite("stacks/monitoring", () => require("./monitoring.suite"));
suite("stacks/plan-inputs", () => require("./plan-inputs.suite"));
suite("stacks/projects", () => require("./projects.suite"));
suite("stacks/region-survival", () => require("./region-survival.suite"));
suite("stacks/required-version", () => require("./required-version.suite"));
suite("stacks/synth-output", () => require("./synth-output.suite"));
suite("stacks/token-resolution", () => require("./token-resolution.suite"));
