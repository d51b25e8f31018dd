import { z } from "zod";
import {
  webhookAddressProblem,
  HARBOR_WEBHOOK_EVENT_TYPES,
  HARBOR_WEBHOOK_NOTIFY_TYPES,
  HARBOR_WEBHOOK_PAYLOAD_FORMATS,
} from "../../constructs/harbor/day2/vocabulary";
import {
  TEAM_PROJECT_ROBOT_ACCESS,
  TEAM_PROJECT_ROLE_NAMES,
  TEAM_PROJECT_SEVERITIES,
} from "../../constructs/harbor/day2/vocabulary";
import { HARBOR_NAME_PATTERN } from "../../constructs/harbor/naming";
import { robotOutputPrefix } from "../names";
import {
  VARIABLE_NAME_PATTERN,
  harborCron,
  harborName,
  positiveInt,
  quotaGiB,
  strictObject,
  workloadNamespace,
} from "../schema-parts";
import { day2Feature } from "./feature";

/** Default retention schedule: off-peak, after the backup (02:30). */
const DEFAULT_RETENTION_SCHEDULE = "0 0 4 * * *";

const projectSchema = strictObject({
  name: harborName("project").meta({ description: "The Harbor project; unique, not a proxy-cache project's name." }),
  public: z.boolean().meta({ description: "Pulls without a Harbor login.", default: false }).optional(),
  quotaGiB: quotaGiB
    .meta({ description: "The project's storage quota.", defaultText: "`system.defaultProjectQuotaGiB`, else none" })
    .optional(),
  scanOnPush: z.boolean().meta({ description: "Scan every pushed artifact.", default: true }).optional(),
  preventVulnerable: z
    .enum(TEAM_PROJECT_SEVERITIES, { error: `must be one of ${TEAM_PROJECT_SEVERITIES.join(", ")}` })
    .meta({
      description: "Block pulls of artifacts with vulnerabilities of this severity or higher.",
      defaultText: "not blocked",
    })
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
    .meta({ description: "Tag patterns such as `v*`: matching tags cannot be overwritten or deleted.", default: [] })
    .optional(),
  retention: strictObject({
    keepLastPushed: positiveInt("artifacts", 10_000)
      .meta({ description: "Per repository, keep this many of the most recently pushed tagged artifacts." })
      .optional(),
    untaggedAfterDays: positiveInt("days", 3650)
      .meta({ description: "Delete untagged artifacts pushed more than this many days ago." })
      .optional(),
    schedule: harborCron("retention")
      .meta({
        description: "When retention runs: a 6-field cron whose second is `0`.",
        default: DEFAULT_RETENTION_SCHEDULE,
      })
      .optional(),
  })
    .refine((r) => r.keepLastPushed !== undefined || r.untaggedAfterDays !== undefined, {
      error: "needs keepLastPushed, untaggedAfterDays or both (a policy without a rule keeps everything)",
    })
    .meta({ description: "A retention policy: at least one of `keepLastPushed` and `untaggedAfterDays`." })
    .optional(),
  members: z
    .array(
      strictObject({
        group: z.string().min(1, "must name an OIDC group").meta({ description: "An OIDC group." }),
        role: z
          .enum(TEAM_PROJECT_ROLE_NAMES, { error: `must be one of ${TEAM_PROJECT_ROLE_NAMES.join(", ")}` })
          .meta({ description: "The group's role in the project." }),
      }),
    )
    .meta({ description: "OIDC groups and their roles; needs the `oidc` block." })
    .optional(),
  robots: z
    .array(
      strictObject({
        name: z
          .string()
          .max(64, "must be at most 64 characters")
          .regex(HARBOR_NAME_PATTERN, "must be lowercase letters and digits, separated by . _ or -")
          .meta({ description: "The robot's name, unique in the project." }),
        access: z
          .enum(TEAM_PROJECT_ROBOT_ACCESS, { error: '"pull" (read images) or "push" (read and write)' })
          .meta({ description: "`pull`: repository pull; `push`: repository pull and push; on this project only." }),
        pullSecretNamespaces: z
          .array(workloadNamespace)
          .min(1, "must list at least one namespace")
          .meta({
            description:
              "Existing namespaces (not `default` or `kube-*`) that get the robot's credentials as a Secret " +
              "`<project>-pull`, instead of stack outputs.",
            defaultText: "none: credentials as stack outputs",
          })
          .optional(),
      }),
    )
    .meta({ description: "Robot accounts of the project ([projects as code](projects.md))." })
    .optional(),
  forceDestroy: z
    .boolean()
    .meta({
      description: "Removing the project deletes its images ([removing a project](projects.md#removing-a-project)).",
      default: false,
    })
    .optional(),
  requireCosignSignature: z
    .boolean()
    .meta({
      description:
        "Pulls of artifacts without a cosign signature are refused ([only signed images](projects.md#only-signed-images-and-webhooks)).",
      default: false,
    })
    .optional(),
  webhooks: z
    .array(
      strictObject({
        name: z
          .string()
          .regex(
            /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
            "must be 1-64 letters, digits, . _ or -, starting with a letter or digit",
          )
          .meta({ description: "The webhook policy's name, unique in the project." }),
        // Checked with the notify type in `check` (webhookAddressProblem).
        address: z.string().meta({
          description: "`https://` URL, or `http://` to a Service in the cluster (`<name>.<namespace>.svc`).",
        }),
        events: z
          .array(
            z.enum(HARBOR_WEBHOOK_EVENT_TYPES, { error: `must be one of ${HARBOR_WEBHOOK_EVENT_TYPES.join(", ")}` }),
          )
          .min(1, "must list at least one event type")
          .meta({ description: "Event types that trigger the webhook." }),
        notifyType: z
          .enum(HARBOR_WEBHOOK_NOTIFY_TYPES, { error: '"http" or "slack"' })
          .meta({ description: "An HTTP POST, or a Slack incoming webhook.", default: "http" })
          .optional(),
        payloadFormat: z
          .enum(HARBOR_WEBHOOK_PAYLOAD_FORMATS, { error: '"Default" or "CloudEvents"' })
          .meta({ description: "The payload's format.", default: "Default" })
          .optional(),
        authHeaderVariable: z
          .string()
          .regex(
            VARIABLE_NAME_PATTERN,
            "must name a Terraform variable (letters, digits, underscores), e.g. ci_webhook_auth for TF_VAR_ci_webhook_auth; never the header itself",
          )
          .meta({
            description:
              "Name of the Terraform variable holding the `Authorization` header (`TF_VAR_<name>`); never the header itself.",
            defaultText: "no header",
          })
          .optional(),
      }),
    )
    .meta({ description: "Project webhooks ([webhooks](projects.md#only-signed-images-and-webhooks))." })
    .optional(),
});

type RawProject = z.output<typeof projectSchema>;

/** `projects:` team projects as code (HarborTeamProject). */
export const projectsFeature = day2Feature({
  stack: "config",
  schema: z.array(projectSchema).meta({
    description: "Harbor projects for teams, with their robots, members and rules ([projects as code](projects.md)).",
  }),
  resolve: (raw, instance) =>
    (raw ?? []).map((project: RawProject) => ({
      name: project.name,
      public: project.public ?? false,
      /** Absent: unlimited. */
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
        /** Namespaces that get a `<project>-pull` image pull Secret; empty: credentials as a stack output. */
        pullSecretNamespaces: robot.pullSecretNamespaces ?? [],
      })),
      /** Delete the project's repositories with it when it is removed (HarborTeamProjectProps.forceDestroy). */
      forceDestroy: project.forceDestroy ?? false,
      requireCosignSignature: project.requireCosignSignature ?? false,
      webhooks: (project.webhooks ?? []).map((webhook) => ({
        ...webhook,
        notifyType: webhook.notifyType ?? "http",
        payloadFormat: webhook.payloadFormat ?? "Default",
      })),
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
      project.webhooks?.forEach((webhook, webhookIndex) => {
        if (project.webhooks?.findIndex((w) => w.name === webhook.name) !== webhookIndex) {
          issue(
            path("webhooks", webhookIndex, "name"),
            `duplicate webhook "${webhook.name}"; names must be unique per project`,
          );
        }
        const addressProblem = webhookAddressProblem(webhook.address, webhook.notifyType ?? "http");
        if (addressProblem !== undefined) issue(path("webhooks", webhookIndex, "address"), addressProblem);
        if (webhook.notifyType === "slack" && webhook.payloadFormat === "CloudEvents") {
          issue(path("webhooks", webhookIndex, "payloadFormat"), 'CloudEvents applies to notifyType "http" only');
        }
      });
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
});
