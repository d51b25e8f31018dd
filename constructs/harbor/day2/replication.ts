import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { harborCronProblem, normalizedCron } from "../cron";
import { ValidationError } from "../../core/errors";
import { HARBOR_NAME_PATTERN, REPLICATION_PROJECT_PATTERN } from "../naming";

export { isExactProject } from "../naming";
import { HOSTNAME_PATTERN } from "../../core/naming";
import { HarborRegistry } from "../provider/registry";
import { HarborReplication } from "../provider/replication";
import { HarborRobotAccount, HarborRobotPermission } from "../provider/robot-account";

import { ReplicationTrigger } from "./vocabulary";

export type { ReplicationTrigger } from "./vocabulary";

/** A project name or pattern of a rule (see the facts). */
export const PROJECT_PATTERN = REPLICATION_PROJECT_PATTERN;

/**
 * The permissions a SOURCE Harbor needs on this (the TARGET) Harbor to push-replicate into it, read from goharbor/harbor
 * v2.15.1. What the source calls on the destination (`src/pkg/reg/adapter/harbor/base/adapter.go`, `client.go`,
 * `v2/client.go`, `src/controller/replication/transfer/image/transfer.go`) and what each call checks:
 *
 * - `GET /api/version`, `GET /api/v2.0/labels?scope=g` (adapter Info): any authenticated user.
 * - `GET /api/v2.0/projects?q=name={...}` (PrepareForPush): a system robot whose project permissions cover all
 *   projects sees every project (handler/project.go `ListProjects`, robot branch, `IsCoverAll`).
 * - `POST /api/v2.0/projects` for a project that does not exist yet: only system-level robots may, and when project
 *   creation is restricted to admins it needs `project:create` in the system namespace (handler/project.go
 *   `CreateProject` / `isSysAdmin`). Granted explicitly, so that the restriction does not break replication.
 * - Registry v2 API (HEAD/GET/PUT/POST/PATCH blobs and manifests, blob mount): `repository:pull` and
 *   `repository:push` on the destination project (middleware/v2auth: GET/HEAD = pull, PUT/POST/PATCH = push; a
 *   mount needs pull on the repository it mounts from). A system robot does NOT get pull implied by push (only
 *   project robots do: `filterRobotPolicies` in common/security/robot/context.go), so both are listed.
 * - `GET /api/v2.0/repositories?q=blob_digest=...` (CanBeMount): projects the robot covers, no extra permission.
 * - With `deletion`: `DELETE /v2/<repo>/manifests/<digest>` (`repository:delete`) and
 *   `DELETE /api/v2.0/projects/<p>/repositories/<r>/artifacts/<ref>/tags/<tag>` (`tag:delete`, handler/artifact.go
 *   `DeleteTag`).
 *
 * Which projects: with `projects` (exact names), only those, and no `project:create`: a robot's project permission
 * names an existing project (controller/robot/controller.go `toScope` looks it up), so they must exist at the target
 * before the robot (declare them there), and the source then finds them and creates nothing. Without (the rules use
 * patterns), namespace `*` (all projects, `/project/*`) plus `project:create` in the system namespace: the projects
 * are created by the replication itself, and a permission can only name existing projects or `*`.
 */
export function replicationRobotPermissions(deletion: boolean, projects?: readonly string[]): HarborRobotPermission[] {
  const access = [
    { resource: "repository", action: "pull" },
    { resource: "repository", action: "push" },
    ...(deletion
      ? [
          { resource: "repository", action: "delete" },
          { resource: "tag", action: "delete" },
        ]
      : []),
  ];
  if (projects !== undefined) {
    return projects.map((namespace) => ({ kind: "project", namespace, access }));
  }
  return [
    { kind: "system", namespace: "/", access: [{ resource: "project", action: "create" }] },
    { kind: "project", namespace: "*", access },
  ];
}

/**
 * Harbor's name filter for a list of project patterns. The filter is a doublestar pattern matched against the whole
 * repository name `<project>/<repository...>` (goharbor/harbor v2.15.1 src/pkg/reg/util/pattern.go): `*` stops at
 * `/`, so `team-*` alone would match only a repository named like a project; `team-*\/**` matches every repository,
 * at any depth, of every project starting with `team-`. Several patterns become one `{a,b}` alternative, so one
 * policy covers them and an artifact matched by two patterns is copied once.
 */
export function replicationNameFilter(projects: readonly string[]): string {
  const unique = [...new Set(projects)];
  const head = unique.length === 1 ? unique[0] : `{${unique.join(",")}}`;
  return `${head}/**`;
}

/** The provider's `schedule` for a trigger: `event_based`, `manual` or the 6-field cron string. */
export function replicationSchedule(trigger: ReplicationTrigger, schedule: string | undefined): string {
  switch (trigger) {
    case "event":
      return "event_based";
    case "manual":
      return "manual";
    case "schedule":
      // Read back as the cron itself (provider v3.12.4 resource_replication.go): whitespace collapsed, no keywords.
      return schedule === undefined ? "" : normalizedCron(schedule);
  }
}

/** Properties of a {@link ReplicationTargetRobot}. */
export interface ReplicationTargetRobotProps {
  /** Name of the source instance; the robot is `replication-from-<source>` (one robot per source). */
  readonly sourceName: string;
  /**
   * Also allow deleting repositories and tags: needed when any rule from this source replicates deletions.
   * @default false
   */
  readonly deletion?: boolean;
  /**
   * The target's projects the source replicates into, when its rules name exact projects: the robot may push to
   * these only. They must exist before the robot: pass references (e.g. `HarborTeamProject.project.name`), which
   * also order the robot after them. A change updates the robot in place (same secret).
   * @default - every project (`*`), with the right to create projects: for rules with patterns
   */
  readonly projects?: readonly string[];
  /**
   * Days until the robot's secret expires; -1 never. When it expires replication fails with 401 until the robot is
   * replaced (`terraform apply -replace=<robot address>` in this stack, then apply the source's replication stack).
   * @default -1
   */
  readonly expiryDays?: number;
  /** What the robot waits for, e.g. the check that Harbor's API answers. @default - nothing */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * In the TARGET's config stack: a system-level robot account with exactly the permissions a source Harbor needs to
 * push-replicate into this Harbor (see {@link replicationRobotPermissions}), never expiring unless `expiryDays`. Harbor generates its
 * secret at creation; the provider keeps it in state. Pass {@link accessId} and {@link accessSecret} to a
 * {@link InstanceReplication} in the source's stack: cdktf turns them into sensitive outputs here and a
 * `terraform_remote_state` read there, so the secret never appears in any config or synthesized file.
 * `terraform apply -replace=<robot address>` rotates it; the source stack picks up the new one on its next apply.
 * Providers: the stack needs HarborProvider (the target's).
 */
export class ReplicationTargetRobot extends Construct {
  public readonly robot: HarborRobotAccount;
  /** Name to log in with, `robot$replication-from-<source>` with Harbor's default prefix (a reference). */
  public readonly accessId: string;
  /** The robot's secret (a sensitive reference). */
  public readonly accessSecret: string;

  constructor(scope: Construct, id: string, props: ReplicationTargetRobotProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.sourceName) && !HARBOR_NAME_PATTERN.test(props.sourceName)) {
      throw new ValidationError(
        this,
        "sourceName",
        "must be lowercase letters and digits separated by . _ or - " +
          `(it becomes the robot name replication-from-<source>), got "${props.sourceName}"`,
      );
    }
    const expiryDays = props.expiryDays ?? -1;
    if (!Token.isUnresolved(expiryDays) && !(expiryDays === -1 || (Number.isInteger(expiryDays) && expiryDays >= 1))) {
      throw new ValidationError(
        this,
        "expiryDays",
        `must be -1 (never) or a whole number of days >= 1, got ${expiryDays}`,
      );
    }
    if (props.projects !== undefined) {
      if (props.projects.length === 0) {
        throw new ValidationError(this, "projects", "must list at least one project; omit it for every project (*)");
      }
      for (const project of props.projects) {
        if (!Token.isUnresolved(project) && !HARBOR_NAME_PATTERN.test(project)) {
          throw new ValidationError(
            this,
            "projects",
            `must be exact Harbor project names (no wildcards), got "${project}"`,
          );
        }
      }
    }
    this.robot = new HarborRobotAccount(this, "Resource", {
      name: `replication-from-${props.sourceName}`,
      level: "system",
      description: `Push replication from Harbor instance "${props.sourceName}" (harbor-doks)`,
      duration: expiryDays,
      permissions: replicationRobotPermissions(props.deletion ?? false, props.projects),
      dependsOn: props.dependsOn,
    });
    this.accessId = this.robot.fullName;
    this.accessSecret = this.robot.secret;
  }
}

/** One push replication rule to the target. */
export interface InstanceReplicationRule {
  /** Project names or patterns (see {@link PROJECT_PATTERN}); at least one. */
  readonly projects: readonly string[];
  /** When to replicate. `event`: on every push (and delete, with `deletion`). @default "event" */
  readonly trigger?: ReplicationTrigger;
  /** 6-field cron (second first), required with `trigger: "schedule"` and refused otherwise. @default - none */
  readonly schedule?: string;
  /** Also delete at the target what is deleted here. @default false */
  readonly deletion?: boolean;
}

/** Properties of a {@link InstanceReplication}. */
export interface InstanceReplicationProps {
  /** Name of the target instance; names the registry endpoint `harbor-<target>` and the policies `to-<target>[-n]`. */
  readonly targetName: string;
  /** Host name of the target Harbor (lowercase FQDN); the endpoint is `https://<targetHostname>` (TLS verified). */
  readonly targetHostname: string;
  /** Robot name at the target ({@link ReplicationTargetRobot.accessId}). */
  readonly accessId: string;
  /** Robot secret at the target ({@link ReplicationTargetRobot.accessSecret}; a sensitive reference). */
  readonly accessSecret: string;
  /** The rules; one policy each. */
  readonly rules: readonly InstanceReplicationRule[];
  /** What the registry and policies wait for, e.g. the check that Harbor's API answers. @default - nothing */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * In the SOURCE's config stack: the target Harbor as a registry endpoint (`harbor_registry`, type `harbor`, over
 * verified TLS, logging in as the target's replication robot) and one push policy (`harbor_replication`) per rule,
 * copying every repository of the matching projects into projects of the same name at the target (created there
 * when missing), overwriting what exists under the same tag.
 *
 * Place it in a stack (with the SOURCE's Harbor provider) that deploys after the target's robot exists: Harbor pings
 * the endpoint with the robot's credentials when the registry is created (goharbor/harbor v2.15.1
 * src/controller/registry/controller.go `validate`), and the cross-stack reference makes cdktf order the stacks. When
 * two instances replicate to each other, keeping it in the source's config stack is a stack cycle; give each source a
 * stack of its own for its replication, after the config stacks.
 * Providers: the stack needs HarborProvider (the source's).
 */
export class InstanceReplication extends Construct {
  public readonly registry: HarborRegistry;
  public readonly policies: HarborReplication[];

  constructor(scope: Construct, id: string, props: InstanceReplicationProps) {
    super(scope, id);
    validate(this, props);
    this.registry = new HarborRegistry(this, "Registry", {
      name: `harbor-${props.targetName}`,
      providerName: "harbor",
      endpointUrl: `https://${props.targetHostname}`,
      accessId: props.accessId,
      accessSecret: props.accessSecret,
      insecure: false,
      description: `Harbor instance "${props.targetName}" (replication target, harbor-doks)`,
      dependsOn: props.dependsOn,
    });
    this.policies = props.rules.map((rule, index) => {
      const trigger = rule.trigger ?? "event";
      return new HarborReplication(this, index === 0 ? "Policy" : `Policy${index + 1}`, {
        name: index === 0 ? `to-${props.targetName}` : `to-${props.targetName}-${index + 1}`,
        action: "push",
        registryId: this.registry.registryId,
        schedule: replicationSchedule(trigger, rule.schedule),
        deletion: rule.deletion ?? false,
        override: true,
        enabled: true,
        filters: [{ name: replicationNameFilter(rule.projects) }],
        description: `Projects ${rule.projects.join(", ")} to "${props.targetName}" (harbor-doks)`,
        dependsOn: props.dependsOn,
      });
    });
  }
}

function validate(scope: Construct, props: InstanceReplicationProps): void {
  const fail = (message: string): never => {
    const space = message.indexOf(" ");
    throw new ValidationError(scope, message.slice(0, space).replace(/:$/, ""), message.slice(space + 1));
  };
  if (!HARBOR_NAME_PATTERN.test(props.targetName)) {
    fail(`targetName must be lowercase letters and digits separated by . _ or -, got "${props.targetName}"`);
  }
  if (!HOSTNAME_PATTERN.test(props.targetHostname)) {
    fail(`targetHostname must be a lowercase host name such as registry.example.com, got "${props.targetHostname}"`);
  }
  if (props.rules.length === 0) fail("rules must list at least one rule");
  props.rules.forEach((rule, index) => {
    const where = `rules[${index}]`;
    if (rule.projects.length === 0) {
      fail(`${where}.projects must list at least one project name or pattern such as "team-*"`);
    }
    for (const pattern of rule.projects) {
      if (!PROJECT_PATTERN.test(pattern) || pattern.includes("**") || !/[a-z0-9*?]/.test(pattern)) {
        fail(
          `${where}.projects: "${pattern}" is not a project name or pattern; use lowercase letters, digits, . _ - ` +
            `and the wildcards * and ? (no "/", ",", "{", "}", "**"), e.g. "team-*"`,
        );
      }
    }
    const trigger = rule.trigger ?? "event";
    if (trigger === "schedule") {
      if (rule.schedule === undefined) {
        fail(`${where}.schedule is required with trigger "schedule" (6 fields, e.g. "0 0 * * * *" hourly)`);
      } else {
        const problem = harborCronProblem(rule.schedule, "replication");
        if (problem !== undefined) fail(`${where}.schedule "${rule.schedule}" ${problem}`);
      }
    } else if (rule.schedule !== undefined) {
      fail(`${where}.schedule is only used with trigger "schedule", got trigger "${trigger}"; remove it`);
    }
  });
}
