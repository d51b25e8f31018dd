import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { validationError } from "../../../helpers";
import { HarborTeamProject } from "../../../../constructs/harbor/day2/team-project";
import { InstanceReplication, ReplicationTargetRobot } from "../../../../constructs/harbor/day2/replication";
import { ProxyCache } from "../../../../constructs/harbor/day2/proxy-cache";
import {
  HarborApiReady,
  HarborConfigAuth,
  HarborGarbageCollection,
  HarborInterrogationServices,
  HarborProjectMemberGroup,
  HarborReplication,
  HarborRetentionPolicy,
} from "../../../../constructs/harbor/provider";

/**
 * A mistaken prop of each day-2 construct and provider binding: a ValidationError (the user's error, not a bug)
 * whose message starts with the construct's path and the prop.
 */
const REPLICATION = {
  targetName: "ams",
  targetHostname: "ams.example.com",
  accessId: "robot$replication-from-fra",
  accessSecret: "unused",
  rules: [{ projects: ["team-*"] }],
};
const RULE = { alwaysRetain: true, repoMatching: "**", tagMatching: "**" };

const CASES: [string, string, (scope: Construct) => void][] = [
  ["HarborTeamProject name", "name", (s) => new HarborTeamProject(s, "C", { name: "Team A" })],
  ["HarborTeamProject quota", "quotaGiB", (s) => new HarborTeamProject(s, "C", { name: "a", quotaGiB: 0 })],
  [
    "HarborTeamProject retention at second 30 (Harbor's retention rule)",
    "retention.schedule",
    (s) => new HarborTeamProject(s, "C", { name: "a", retention: { keepLastPushed: 1, schedule: "30 0 4 * * *" } }),
  ],
  [
    "HarborTeamProject robot access",
    "robots[0].access",
    (s) => new HarborTeamProject(s, "C", { name: "a", robots: [{ name: "ci", access: "admin" as never }] }),
  ],
  [
    "InstanceReplication every minute (Harbor's replication rule)",
    "rules[0].schedule",
    (s) =>
      new InstanceReplication(s, "C", {
        ...REPLICATION,
        rules: [{ projects: ["a"], trigger: "schedule", schedule: "0 * * * * *" }],
      }),
  ],
  [
    "InstanceReplication target",
    "targetName",
    (s) => new InstanceReplication(s, "C", { ...REPLICATION, targetName: "A B" }),
  ],
  ["ReplicationTargetRobot source", "sourceName", (s) => new ReplicationTargetRobot(s, "C", { sourceName: "Fra" })],
  [
    "ReplicationTargetRobot expiry",
    "expiryDays",
    (s) => new ReplicationTargetRobot(s, "C", { sourceName: "fra", expiryDays: 0 }),
  ],
  [
    "ReplicationTargetRobot pattern project",
    "projects",
    (s) => new ReplicationTargetRobot(s, "C", { sourceName: "fra", projects: ["team-*"] }),
  ],
  [
    "ProxyCache upstream",
    "upstream",
    (s) => new ProxyCache(s, "C", { project: "hub", upstream: "dockerhub" as never }),
  ],
  [
    "ProxyCache endpoint",
    "endpoint",
    (s) => new ProxyCache(s, "C", { project: "hub", upstream: "docker-hub", endpoint: "http://hub.example.com" }),
  ],
  [
    "ProxyCache half credentials",
    "accessId",
    (s) => new ProxyCache(s, "C", { project: "hub", upstream: "docker-hub", accessId: "me" }),
  ],
  [
    "HarborGarbageCollection at second 30",
    "schedule",
    (s) => new HarborGarbageCollection(s, "C", { schedule: "30 0 3 * * 0" }),
  ],
  [
    "HarborRetentionPolicy 5 fields",
    "schedule",
    (s) => new HarborRetentionPolicy(s, "C", { scope: "/projects/1", rules: [RULE], schedule: "0 4 * * *" }),
  ],
  [
    "HarborRetentionPolicy no rule",
    "rules",
    (s) => new HarborRetentionPolicy(s, "C", { scope: "/projects/1", rules: [] }),
  ],
  [
    "HarborInterrogationServices at second 30 (Harbor's scan-all rule)",
    "vulnerabilityScanPolicy",
    (s) => new HarborInterrogationServices(s, "C", { vulnerabilityScanPolicy: "30 0 2 * * *" }),
  ],
  [
    "HarborReplication every minute",
    "schedule",
    (s) => new HarborReplication(s, "C", { name: "r", action: "push", registryId: 1, schedule: "0 * * * * *" }),
  ],
  ["HarborApiReady host", "hostname", (s) => new HarborApiReady(s, "C", { hostname: "https://a.example.com" })],
  [
    "HarborProjectMemberGroup role",
    "role",
    (s) =>
      new HarborProjectMemberGroup(s, "C", {
        projectId: "/projects/1",
        groupName: "g",
        role: "owner" as never,
        type: "oidc",
      }),
  ],
  ["HarborConfigAuth db_auth", "authMode", (s) => new HarborConfigAuth(s, "C", { authMode: "db_auth" as never })],
];

describe.each(CASES)("%s", (_, prop, build) => {
  it("throws a ValidationError naming the construct path and the prop", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const scope = new Construct(stack, "Team");
    expect(validationError(() => build(scope), prop).constructPath).toBe("stack/Team/C");
  });
});
