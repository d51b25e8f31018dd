// Cosign enforcement and webhooks of a team project, the webhook binding, and audit-log forwarding of the system
// settings: what each input's later change does (update in place, replacement, nothing), what destroy does, and what
// hostile or mistaken values do. Provider behaviour from goharbor/terraform-provider-harbor v3.12.4
// (provider/resource_harbor_project_webhook.go, resource_project.go, resource_config_system.go).
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  HarborTeamProject,
  HarborTeamProjectProps,
  TeamProjectWebhook,
  teamProjectProblems,
} from "../../../../constructs/harbor/day2/team-project";
import { HarborProjectWebhook } from "../../../../constructs/harbor/provider/project-webhook";
import { HarborConfigSystem } from "../../../../constructs/harbor/provider/config-system";
import { PROJECT_WEBHOOK_SCHEMA, schemaProblems } from "../../../support/harbor-go-schema";
import { configProblems, validationError } from "../../../helpers";
import { synthConfig, resources } from "../../../stacks/synth";
import { auditLogEventTypes } from "../../../../constructs/harbor/day2/vocabulary";
import { webhookAddressProblem } from "../../../../constructs/harbor/day2/vocabulary";

type Block = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WEBHOOK: TeamProjectWebhook = {
  name: "ci-events",
  address: "https://hooks.example.com/harbor",
  events: ["PUSH_ARTIFACT", "SCANNING_COMPLETED"],
};

/** The synthesized resources of one team project, by type then logical id. */
function build(props: Partial<HarborTeamProjectProps>, withVariable = false): Record<string, Record<string, Block>> {
  const stack = new TerraformStack(Testing.app(), "s");
  const header = withVariable ? new TerraformVariable(stack, "hook_auth", { sensitive: true }).stringValue : undefined;
  new HarborTeamProject(stack, "Project-team-a", {
    name: "team-a",
    ...props,
    webhooks: props.webhooks?.map((w) => ({ ...w, authHeader: w.authHeader ?? header })),
  });
  return JSON.parse(Testing.synth(stack)).resource;
}

const only = (blocks: Record<string, Block> | undefined): [string, Block] => {
  const entries = Object.entries(blocks ?? {});
  expect(entries).toHaveLength(1);
  return entries[0];
};

describe("cosign enforcement (requireCosignSignature)", () => {
  it("sets enable_content_trust_cosign; unset leaves the provider's Default false, which it sends on every update", () => {
    expect(only(build({ requireCosignSignature: true }).harbor_project)[1].enable_content_trust_cosign).toBe(true);
    expect(only(build({}).harbor_project)[1]).not.toHaveProperty("enable_content_trust_cosign");
  });

  it("turning it on or off is an update in place: same address, and name (the only ForceNew input) unchanged", () => {
    const [idOn, on] = only(build({ requireCosignSignature: true }).harbor_project);
    const [idOff, off] = only(build({ requireCosignSignature: false }).harbor_project);
    expect(idOn).toBe(idOff);
    expect({ ...on, enable_content_trust_cosign: undefined }).toEqual({
      ...off,
      enable_content_trust_cosign: undefined,
    });
  });
});

describe("team project webhooks", () => {
  it("synthesize the provider's arguments: verified TLS, http and Default unless told, the project's id", () => {
    const [, webhook] = only(build({ webhooks: [WEBHOOK] }, true).harbor_project_webhook);
    expect(webhook).toMatchObject({
      name: "ci-events",
      notify_type: "http",
      payload_format: "Default",
      skip_cert_verify: false,
      auth_header: "${var.hook_auth}",
    });
    expect(schemaProblems(webhook, PROJECT_WEBHOOK_SCHEMA)).toEqual([]);
  });

  it("a new address or new events update in place; a rename is a new address (name is ForceNew)", () => {
    const [id] = only(build({ webhooks: [WEBHOOK] }).harbor_project_webhook);
    const [moved] = only(
      build({ webhooks: [{ ...WEBHOOK, address: "https://other.example.com/", events: ["QUOTA_EXCEED"] }] })
        .harbor_project_webhook,
    );
    const [renamed] = only(build({ webhooks: [{ ...WEBHOOK, name: "ci-events-2" }] }).harbor_project_webhook);
    expect(moved).toBe(id);
    expect(renamed).not.toBe(id);
  });

  it("is replaced with its project (project_id is not ForceNew, but an update would go to the old policy id)", () => {
    const resourcesOf = build({ webhooks: [WEBHOOK] });
    const [projectId] = only(resourcesOf.harbor_project);
    const [, webhook] = only(resourcesOf.harbor_project_webhook);
    expect(webhook.project_id).toBe(`\${harbor_project.${projectId}.id}`);
    expect(webhook.lifecycle.replace_triggered_by).toEqual([`harbor_project.${projectId}.id`]);
    // Destroy deletes the policy (DELETE /projects/<n>/webhook/policies/<m>); nothing prevents it.
    expect(webhook.lifecycle.prevent_destroy).toBeUndefined();
  });

  it("hostile values are refused at construction, naming the prop", () => {
    const problems = teamProjectProblems({
      name: "team-a",
      webhooks: [
        { ...WEBHOOK, authHeader: "Bearer s3cr3t" },
        { ...WEBHOOK, name: "ci-events", address: "ftp://x" },
        { name: "bad name", address: "http://slack", events: ["PUSH_ARTIFACT"], notifyType: "slack" },
        { ...WEBHOOK, name: "x", events: ["PUSH_IMAGE" as never] },
        { ...WEBHOOK, name: "y", notifyType: "slack", payloadFormat: "CloudEvents" },
        { ...WEBHOOK, name: "z", events: [] },
      ],
    });
    expect(problems.join("\n")).toMatch(/webhooks\[0\]\.authHeader must be a sensitive reference/);
    expect(problems.join("\n")).toMatch(/webhooks\[1\]\.name "ci-events" is used twice/);
    expect(problems.join("\n")).toMatch(/webhooks\[1\]\.address "ftp:\/\/x" must be/);
    expect(problems.join("\n")).toMatch(/webhooks\[2\]\.name "bad name"/);
    expect(problems.join("\n")).toMatch(/webhooks\[2\]\.address "http:\/\/slack" must be an https:\/\/ Slack/);
    expect(problems.join("\n")).toMatch(/webhooks\[3\]\.events .*got "PUSH_IMAGE"/);
    expect(problems.join("\n")).toMatch(/webhooks\[4\]\.payloadFormat "CloudEvents" applies to notifyType "http"/);
    expect(problems.join("\n")).toMatch(/webhooks\[5\]\.events must list one or more/);
    // Nothing is left in the tree to synthesize.
    expect(() => build({ webhooks: [{ ...WEBHOOK, authHeader: "Bearer x" }] })).toThrow(/authHeader/);
  });

  it("an address is https, or plain http only to a Service in the cluster (nothing leaves the cluster unencrypted)", () => {
    expect(webhookAddressProblem("https://hooks.example.com/harbor", "http")).toBeUndefined();
    expect(webhookAddressProblem("http://receiver.ci.svc:8080/hook", "http")).toBeUndefined();
    expect(webhookAddressProblem("http://receiver.ci.svc.cluster.local/hook", "http")).toBeUndefined();
    expect(webhookAddressProblem("http://hooks.example.com/harbor", "http")).toMatch(/Service in the cluster/);
    expect(webhookAddressProblem("http://receiver.ci.svc/hook", "slack")).toMatch(/Slack/);
    expect(webhookAddressProblem("https://user:pw@hooks.example.com", "http")).toBeDefined();
    expect(webhookAddressProblem("javascript:alert(1)", "http")).toBeDefined();
    const config = (address: string) => `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com }
    projects:
      - name: team-a
        webhooks: [{ name: w, address: "${address}", events: [PUSH_ARTIFACT] }]
`;
    expect(configProblems(config("http://hooks.example.com/x")).join("\n")).toMatch(
      /projects\[0\]\.webhooks\[0\]\.address.*Service in the cluster/,
    );
    expect(configProblems(config("https://hooks.example.com/x"))).toEqual([]);
  });

  it("the binding refuses what Harbor would refuse at apply", () => {
    const stack = () => new TerraformStack(Testing.app(), "s");
    validationError(
      () =>
        new HarborProjectWebhook(stack(), "w", {
          ...WEBHOOK,
          projectId: "/projects/1",
          eventsTypes: [],
          notifyType: "http",
        }),
      "eventsTypes",
    );
    validationError(
      () =>
        new HarborProjectWebhook(stack(), "w", {
          ...WEBHOOK,
          projectId: "/projects/1",
          eventsTypes: ["PUSH_ARTIFACT"],
          notifyType: "email" as never,
        }),
      "notifyType",
    );
  });
});

describe("audit-log forwarding", () => {
  const stack = () => new TerraformStack(Testing.app(), "s");

  it("skipping the database copy without an endpoint, or an endpoint with a scheme, is refused", () => {
    validationError(() => new HarborConfigSystem(stack(), "c", { skipAuditLogDatabase: true }), "skipAuditLogDatabase");
    validationError(
      () => new HarborConfigSystem(stack(), "c", { auditLogForwardEndpoint: "tcp://syslog:514" }),
      "auditLogForwardEndpoint",
    );
    validationError(
      () => new HarborConfigSystem(stack(), "c", { auditLogForwardEndpoint: "syslog:99999" }),
      "auditLogForwardEndpoint",
    );
  });

  it("the config refuses a scheme, an unknown event type and a missing endpoint, naming the fix", () => {
    const config = (auditLog: string) => `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com }
    system: { auditLog: ${auditLog} }
`;
    expect(configProblems(config("{ forwardEndpoint: udp://syslog:514 }")).join("\n")).toMatch(/host:port/);
    expect(
      configProblems(config("{ forwardEndpoint: syslog:514, disabledEventTypes: [pull_image] }")).join("\n"),
    ).toMatch(/pull_artifact/);
    expect(configProblems(config("{ skipDatabase: true }")).join("\n")).toMatch(/forwardEndpoint/);
  });

  it("event types are sent in one order; removing the block sends Harbor's defaults back (an update, nothing else)", () => {
    expect(auditLogEventTypes(["pull_artifact", "create_artifact", "pull_artifact"])).toBe(
      "create_artifact,pull_artifact",
    );
    const config = (system: string) => `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com }
    system: ${system}
`;
    const system = (text: string) =>
      only(resources(synthConfig(config(text))["harbor-prod-config"], "harbor_config_system"));
    const [idOn, on] = system("{ auditLog: { forwardEndpoint: syslog.logging:514, skipDatabase: true } }");
    const [idOff, off] = system("{ projectCreation: adminonly }");
    expect(on).toMatchObject({ audit_log_forward_endpoint: "syslog.logging:514", skip_audit_log_database: true });
    expect(off).toMatchObject({
      audit_log_forward_endpoint: "",
      skip_audit_log_database: false,
      disabled_audit_log_event_types: "",
    });
    // Same address: an update; destroying it leaves Harbor's settings as they are (resourceConfigSystemDelete).
    expect(idOn).toBe(idOff);
  });
});
