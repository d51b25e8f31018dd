// This folder's suites, in one module registry: see __tests__/support/suites.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- each suite loads inside its describe block */
import { suite } from "../support/suites";

suite("constructs/backup/backup-names", () => require("./backup/backup-names.suite"));
suite("constructs/backup/off-region-backup", () => require("./backup/off-region-backup.suite"));
suite("constructs/core/local-chart", () => require("./core/local-chart.suite"));
suite("constructs/core/terraform-data", () => require("./core/terraform-data.suite"));
suite("constructs/digitalocean/data-layer", () => require("./digitalocean/data-layer.suite"));
suite("constructs/digitalocean/existing-database-checks", () =>
  require("./digitalocean/existing-database-checks.suite"),
);
suite("constructs/digitalocean/existing-postgres", () => require("./digitalocean/existing-postgres.suite"));
suite("constructs/digitalocean/postcondition-messages", () => require("./digitalocean/postcondition-messages.suite"));
suite("constructs/digitalocean/managed-postgres", () => require("./digitalocean/managed-postgres.suite"));
suite("constructs/ingress/platform-values", () => require("./ingress/platform-values.suite"));
suite("constructs/providers", () => require("./providers.suite"));
suite("constructs/validation", () => require("./validation.suite"));
