import { z } from "zod";
import {
  TEAM_PROJECT_ROBOT_ACCESS,
  TEAM_PROJECT_ROLE_NAMES,
  TEAM_PROJECT_SEVERITIES,
  TeamProjectRobotAccess,
  TeamProjectRole,
  TeamProjectSeverity,
} from "../../constructs/harbor/day2/vocabulary";
import { HARBOR_NAME_PATTERN } from "../../constructs/harbor/naming";
import { robotOutputPrefix } from "../names";
import { harborCron, harborName, positiveInt, quotaGiB, strictObject, workloadNamespace } from "../schema-parts";
import type { Day2Feature } from "./feature";

export type ProjectRole = TeamProjectRole;

/** A project robot account: `pull` reads, `push` reads and writes. */
export interface RobotConfig {
  readonly name: string;
  readonly access: TeamProjectRobotAccess;
  /** Namespaces that get a `<project>-pull` image pull Secret; empty: credentials as a stack output. */
  readonly pullSecretNamespaces: string[];
}

/** A Harbor project teams push to. */
export interface ProjectConfig {
  readonly name: string;
  readonly public: boolean;
  /** Absent: unlimited (or `system.defaultProjectQuotaGiB`). */
  readonly quotaGiB?: number;
  readonly scanOnPush: boolean;
  /** Absent: pulls are not blocked by vulnerabilities. */
  readonly preventVulnerable?: TeamProjectSeverity;
  readonly immutableTags: string[];
  /** Absent: no retention policy (Harbor keeps everything). */
  readonly retention?: {
    readonly keepLastPushed?: number;
    readonly untaggedAfterDays?: number;
    readonly schedule: string;
  };
  readonly members: { readonly group: string; readonly role: ProjectRole }[];
  readonly robots: RobotConfig[];
  /** Delete the project's repositories with it when it is removed (see HarborTeamProjectProps.forceDestroy). */
  readonly forceDestroy: boolean;
}

/** Default retention schedule: off-peak, after the backup (02:30). */
export const DEFAULT_RETENTION_SCHEDULE = "0 0 4 * * *";

const projectSchema = strictObject({
  name: harborName("project"),
  public: z.boolean().optional(),
  quotaGiB: quotaGiB.optional(),
  scanOnPush: z.boolean().optional(),
  preventVulnerable: z
    .enum(TEAM_PROJECT_SEVERITIES, { error: `must be one of ${TEAM_PROJECT_SEVERITIES.join(", ")}` })
    .optional(),
  // HarborTeamProject's rules (teamProjectProblems), here with the config's path: no spaces, no pattern twice.
  immutableTags: z
    .array(z.string().regex(/^\S+$/, 'must be a tag pattern without spaces, such as "v*"'))
    .superRefine((tags, ctx) => {
      tags.forEach((tag, index) => {
        if (tags.indexOf(tag) !== index) {
          ctx.addIssue({
            code: "custom",
            path: [index],
            message: `is also immutableTags[${tags.indexOf(tag)}] (Harbor refuses duplicate rules)`,
          });
        }
      });
    })
    .optional(),
  retention: strictObject({
    keepLastPushed: positiveInt("artifacts", 10_000).optional(),
    untaggedAfterDays: positiveInt("days", 3650).optional(),
    schedule: harborCron("retention").optional(),
  })
    .refine((r) => r.keepLastPushed !== undefined || r.untaggedAfterDays !== undefined, {
      error: "needs keepLastPushed, untaggedAfterDays or both (a policy without a rule keeps everything)",
    })
    .optional(),
  members: z
    .array(
      strictObject({
        group: z.string().min(1, "must name an OIDC group"),
        role: z.enum(TEAM_PROJECT_ROLE_NAMES, { error: `must be one of ${TEAM_PROJECT_ROLE_NAMES.join(", ")}` }),
      }),
    )
    .optional(),
  robots: z
    .array(
      strictObject({
        name: z
          .string()
          .max(64, "must be at most 64 characters")
          .regex(HARBOR_NAME_PATTERN, "must be lowercase letters and digits, separated by . _ or -"),
        access: z.enum(TEAM_PROJECT_ROBOT_ACCESS, { error: '"pull" (read images) or "push" (read and write)' }),
        pullSecretNamespaces: z.array(workloadNamespace).min(1, "must list at least one namespace").optional(),
      }),
    )
    .optional(),
  forceDestroy: z.boolean().optional(),
});

type RawProject = z.output<typeof projectSchema>;

/** `projects:` team projects as code (HarborTeamProject). */
export const projectsFeature: Day2Feature<z.ZodArray<typeof projectSchema>, ProjectConfig[]> = {
  stack: "config",
  schema: z.array(projectSchema),
  resolve: (raw, instance) =>
    (raw ?? []).map((project: RawProject) => ({
      name: project.name,
      public: project.public ?? false,
      quotaGiB: project.quotaGiB ?? instance.system?.defaultProjectQuotaGiB,
      scanOnPush: project.scanOnPush ?? true,
      preventVulnerable: project.preventVulnerable,
      immutableTags: project.immutableTags ?? [],
      retention: project.retention && {
        keepLastPushed: project.retention.keepLastPushed,
        untaggedAfterDays: project.retention.untaggedAfterDays,
        schedule: project.retention.schedule ?? DEFAULT_RETENTION_SCHEDULE,
      },
      members: project.members ?? [],
      robots: (project.robots ?? []).map((robot) => ({
        name: robot.name,
        access: robot.access,
        pullSecretNamespaces: robot.pullSecretNamespaces ?? [],
      })),
      forceDestroy: project.forceDestroy ?? false,
    })),
  configured: (projects) => projects.length > 0,
  check(projects, instance, issue) {
    const proxyCacheProjects = new Map((instance.proxyCache ?? []).map((cache, index) => [cache.project, index]));
    const names = new Map<string, number>();
    const outputs = new Map<string, string>();
    projects.forEach((project, index) => {
      const path = (...rest: (string | number)[]) => [index, ...rest];
      const cache = proxyCacheProjects.get(project.name);
      if (cache !== undefined) {
        issue(
          path("name"),
          `"${project.name}" is already the proxy-cache project proxyCache[${cache}]; give the project another name`,
        );
      }
      const first = names.get(project.name);
      if (first !== undefined) {
        issue(
          path("name"),
          `duplicate project "${project.name}" (also projects[${first}]); project names must be unique`,
        );
      } else {
        names.set(project.name, index);
      }
      if ((project.members?.length ?? 0) > 0 && instance.oidc === undefined) {
        issue(
          path("members"),
          "names OIDC groups, so it needs the instance's oidc block (groups come from the OIDC groups claim)",
        );
      }
      // HarborTeamProject refuses a group listed twice too (teamProjectProblems); here with the config's path.
      const groups = new Map<string, number>();
      project.members?.forEach((member, memberIndex) => {
        const other = groups.get(member.group);
        if (other !== undefined) {
          issue(
            path("members", memberIndex, "group"),
            `"${member.group}" is also members[${other}]; give each group one role`,
          );
        } else {
          groups.set(member.group, memberIndex);
        }
      });
      const robots = new Map<string, number>();
      project.robots?.forEach((robot, robotIndex) => {
        const other = robots.get(robot.name);
        if (other !== undefined) {
          issue(
            path("robots", robotIndex, "name"),
            `duplicate robot "${robot.name}" (also robots[${other}]); robot names must be unique per project`,
          );
        } else {
          robots.set(robot.name, robotIndex);
        }
        // Robot credentials become stack outputs named after project and robot; two pairs must not meet.
        const output = robotOutputPrefix(project.name, robot.name);
        const owner = `projects[${index}].robots[${robotIndex}]`;
        const clash = outputs.get(output);
        if (clash !== undefined && robots.get(robot.name) === robotIndex) {
          issue(
            path("robots", robotIndex, "name"),
            `gives the same output names (${output}_*) as ${clash}; rename one of the robots or projects`,
          );
        } else {
          outputs.set(output, owner);
        }
        const namespaces = new Set<string>();
        robot.pullSecretNamespaces?.forEach((namespace, nsIndex) => {
          if (namespaces.has(namespace)) {
            issue(path("robots", robotIndex, "pullSecretNamespaces", nsIndex), `"${namespace}" is listed twice`);
          }
          namespaces.add(namespace);
        });
      });
    });
  },
  build(ctx, projects) {
    for (const project of projects) {
      const team = new ctx.lib.HarborTeamProject(ctx.scope, `Project-${project.name}`, {
        ...project,
        registryHost: ctx.instance.hostname,
        kubernetesProvider: ctx.kubernetesProvider,
        dependsOn: ctx.dependsOn,
        membersDependOn: ctx.membersDependOn.length > 0 ? [...ctx.membersDependOn] : undefined,
      });
      ctx.teamProjects.set(project.name, team);
      for (const robot of team.robots) {
        const prefix = robotOutputPrefix(project.name, robot.name);
        ctx.output(
          `${prefix}_username`,
          robot.fullName,
          `Login name of robot ${robot.name} (${robot.access}) of project ${project.name}`,
        );
        ctx.output(`${prefix}_address`, robot.address, `Rotate its secret: terraform apply -replace=<this address>`);
        if (robot.pullSecrets.length === 0) {
          ctx.output(
            `${prefix}_secret`,
            robot.secret,
            `Secret of robot ${robot.name}: terraform output -raw ${prefix}_secret`,
            true,
          );
        }
      }
    }
  },
};
