// examples/operations.yaml: a valid config that turns on every operations option (scanner database through a ghcr.io
// proxy cache with a GitHub token, cosign enforcement, audit-log forwarding, a webhook, an off-region backup). Its
// stacks are synthesized and the day-2 resources checked against the provider's Go schema at v3.12.4.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { synthConfig, resources } from "../stacks/synth";
import { configProblems } from "../helpers";
import {
  CONFIG_SYSTEM_SCHEMA,
  PROJECT_SCHEMA,
  PROJECT_WEBHOOK_SCHEMA,
  schemaProblems,
} from "../support/harbor-go-schema";

const text = readFileSync(join(__dirname, "..", "..", "examples", "operations.yaml"), "utf8");

describe("examples/operations.yaml", () => {
  it("is a valid config", () => {
    expect(configProblems(text)).toEqual([]);
  });

  const stacks = synthConfig(text);
  const config = stacks["harbor-prod-config"];

  it("enforces cosign signatures and the vulnerability threshold on the project", () => {
    const project = Object.values(resources(config, "harbor_project")).find((p) => p.name === "payments");
    expect(project).toMatchObject({ enable_content_trust_cosign: true, deployment_security: "high" });
    expect(schemaProblems(project ?? {}, PROJECT_SCHEMA)).toEqual([]);
  });

  it("forwards the audit log, keeping the database copy, without pull events", () => {
    const [system] = Object.values(resources(config, "harbor_config_system"));
    expect(system).toMatchObject({
      audit_log_forward_endpoint: "syslog.logging.svc.cluster.local:514",
      skip_audit_log_database: false,
      disabled_audit_log_event_types: "pull_artifact",
    });
    expect(schemaProblems(system, CONFIG_SYSTEM_SCHEMA)).toEqual([]);
  });

  it("has the webhook, its header from a sensitive variable, TLS verified, replaced with its project", () => {
    const [webhook] = Object.values(resources(config, "harbor_project_webhook"));
    expect(webhook).toMatchObject({
      name: "ci-events",
      address: "https://hooks.example.com/harbor",
      notify_type: "http",
      payload_format: "CloudEvents",
      skip_cert_verify: false,
      auth_header: "${var.payments_webhook_auth}",
      events_types: ["PUSH_ARTIFACT", "SCANNING_COMPLETED", "SCANNING_FAILED", "QUOTA_EXCEED", "QUOTA_WARNING"],
    });
    expect(webhook.project_id).toMatch(/^\$\{harbor_project\.[\w-]+\.id\}$/);
    expect(webhook.lifecycle.replace_triggered_by).toEqual([webhook.project_id.slice(2, -1)]);
    expect(webhook.lifecycle.precondition[0].condition).toBe("${length(var.payments_webhook_auth) > 0}");
    expect(config.variable.payments_webhook_auth).toMatchObject({ sensitive: true, default: "" });
    expect(schemaProblems(webhook, PROJECT_WEBHOOK_SCHEMA)).toEqual([]);
  });

  it("sends the scanner's database pulls through the ghcr proxy cache, with the token from a variable", () => {
    const harbor = stacks["harbor-prod"];
    const release = Object.values(resources(harbor, "helm_release")).find((r) => r.chart === "harbor");
    expect(release?.values[0]).toContain("registry.example.com/ghcr/aquasecurity/trivy-db");
    expect(harbor.variable.trivy_github_token).toMatchObject({ sensitive: true });
  });

  it("holds no secret value: only variable references", () => {
    for (const json of Object.values(stacks)) {
      expect(JSON.stringify(json)).not.toMatch(/ghp_|Bearer /);
    }
  });
});

describe("the schema check can fail", () => {
  it("names an unknown argument, a missing required one and a wrong type", () => {
    expect(
      schemaProblems({ name: "x", project_id: "/projects/1", events_types: "PUSH", bogus: 1 }, PROJECT_WEBHOOK_SCHEMA),
    ).toEqual([
      "events_types: string, not TypeList",
      "bogus: not an argument of the schema",
      "address: required, missing",
      "notify_type: required, missing",
    ]);
  });
});
