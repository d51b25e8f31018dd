// Chart values of the user's own, merged over the values buildHarborValues writes. cdktf-free: the Harbor construct
// and the config schema call the same guard.
import { VALKEY_PASSWORD_HASH_ANNOTATION } from "./harbor-values";

/** A refused key: where it is and what to use instead. */
export interface ExtraValuesProblem {
  /** Path of the key, e.g. `core.extraEnvVars`. */
  readonly path: string;
  /** What is wrong and what to use instead, e.g. `is set from harbor.replicas (construct: replicas)`. */
  readonly message: string;
}

/** Values that are a whole setting of the project; the key and every key below it are refused. */
const REFUSED_PATHS: Record<string, string> = {
  externalURL: "is set from the hostname; set the instance's hostname (construct: hostname)",
  expose: "is set from the ingress block (construct: expose)",
  database:
    "carries the PostgreSQL wiring and the connection budget; use the postgres block (existingCluster for a " +
    "cluster of your own; construct: database)",
  redis: "carries the Valkey wiring; use the cache block (existingCluster for a cluster of your own; construct: cache)",
  "persistence.imageChartStorage": "is the Spaces bucket; use the storage block (construct: storage)",
  "persistence.enabled": "must stay true (trivy's cache volume); size volumes under persistence.persistentVolumeClaim",
  harborAdminPassword: "would put a password into the values; the admin password is generated into a Secret",
  internalTLS: "is not supported: Harbor's components talk inside the cluster network",
  metrics: "is set from the monitoring block (construct: metrics, serviceMonitor)",
  updateStrategy: "must stay RollingUpdate (several replicas roll one by one)",
  cache: "is refused: the chart's cache.enabled gives jobservice a Valkey URL without the password",
  "trivy.enabled": "must stay true: the post-renderer and the Valkey wiring expect the scanner",
  "trivy.dbRepository": "is set from harbor.scanner.database (construct: scanner)",
  "trivy.javaDBRepository": "is set from harbor.scanner.database (construct: scanner)",
  "trivy.skipUpdate": "is set from harbor.scanner.database: offline (construct: scanner)",
  "trivy.skipJavaDBUpdate": "is set from harbor.scanner.database: offline (construct: scanner)",
  "trivy.offlineScan": "is set from harbor.scanner.database: offline (construct: scanner)",
  "registry.credentials": "is core's generated login to the registry, read from a Secret",
  "core.configureUserSettings": "would replace Harbor's configuration (and may hold secrets); use the day-2 settings",
};

/** Keys refused wherever they appear (in any component). */
const REFUSED_KEYS: Record<string, string> = {
  extraEnvVars: "carries the Valkey connection (from a Secret) and must stay the project's",
  replicas: "is set from harbor.replicas (construct: replicas)",
  jobLoggers: 'must stay ["database"]: job logs go to the database, so jobservice needs no volume',
  podDisruptionBudget: "is set by the profile (construct: highAvailability)",
  topologySpreadConstraints: "is set by the profile (construct: highAvailability); use affinity for more rules",
  tokenKey: "would put the token-signing key into the values; it is generated into a Secret",
  tokenCert: "would put the token-signing certificate into the values; it is generated into a Secret",
  xsrfKey: "would put the CSRF key into the values; it is generated into a Secret",
  htpasswdString: "would put a password hash into the values; the registry login is generated into a Secret",
  gitHubToken: "would put a token into the values; use harbor.scanner.githubToken (TF_VAR_trivy_github_token)",
};

/** Names that bring secrets, or Secrets the wiring names, into the values. */
const SECRET_KEY = /secret|password|passwd|accesskey|accountkey|encodedkey|privatekey/i;

/** Keys that match {@link SECRET_KEY} but name no secret: they pass. */
const SECRET_LIKE_ALLOWED = new Set(["imagePullSecrets", "automountServiceAccountToken"]);

/** Free-form maps (label names, node labels, resource names): their keys are not setting names. */
const FREE_FORM = new Set([
  "nodeSelector",
  "podLabels",
  "labels",
  "annotations",
  "serviceAnnotations",
  "additionalLabels",
  "resources",
  "affinity",
]);

/** Paths the project writes as mappings: a scalar, list or null there would replace the whole mapping. */
const PROJECT_MAPPINGS = new Set([
  "core",
  "portal",
  "registry",
  "registry.registry",
  "jobservice",
  "trivy",
  "exporter",
  "nginx",
  "persistence",
]);

/** Annotations the project sets on pods (the Valkey password hash rolls them). */
const PROJECT_ANNOTATION_PREFIX = VALKEY_PASSWORD_HASH_ANNOTATION.split("/")[0] + "/";

/**
 * Every key of `values` that would undo the project's wiring or bring a secret into the Helm values, with what to
 * use instead; empty when the values may be merged. Resources, node selectors, tolerations, affinity, priority
 * classes, images (repository, tag), log level and the like pass. Lists are not looked into: they replace the
 * project's whole list, and the refused lists (extraEnvVars, jobLoggers) are refused by name.
 */
export function extraValuesProblems(values: unknown): ExtraValuesProblem[] {
  if (!isMapping(values)) return [{ path: "(top level)", message: "must be a mapping of chart values" }];
  const problems: ExtraValuesProblem[] = [];
  const visit = (node: Record<string, unknown>, path: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      const dotted = at.join(".");
      const refused =
        REFUSED_PATHS[dotted] ??
        REFUSED_KEYS[key] ??
        (SECRET_KEY.test(key) && !SECRET_LIKE_ALLOWED.has(key)
          ? "names a secret or a Secret; every secret is generated in Terraform and handed over in Secrets the " +
            "project names (a password of your own belongs in a Secret, not in the values)"
          : undefined);
      if (refused !== undefined) {
        problems.push({ path: dotted, message: refused });
        continue;
      }
      if (PROJECT_MAPPINGS.has(dotted) && !isMapping(value)) {
        problems.push({
          path: dotted,
          message: `must be a mapping: ${value === null ? "null" : "this value"} would replace the project's whole ${dotted} settings`,
        });
        continue;
      }
      if (key === "podAnnotations" && isMapping(value)) {
        for (const annotation of Object.keys(value)) {
          if (annotation.startsWith(PROJECT_ANNOTATION_PREFIX)) {
            problems.push({
              path: `${dotted}.${annotation}`,
              message: `is the project's own annotation (${PROJECT_ANNOTATION_PREFIX}*: a hash that rolls the pods when the Valkey password changes)`,
            });
          }
        }
        continue;
      }
      if (FREE_FORM.has(key)) continue;
      if (isMapping(value)) visit(value, at);
    }
  };
  visit(values, []);
  return problems;
}

/** The problems as one line each: `<path> <message>`. */
export function formatExtraValuesProblems(problems: readonly ExtraValuesProblem[]): string[] {
  return problems.map((problem) => `${problem.path} ${problem.message}`);
}

/**
 * `extra` merged over `base`: mappings merge key by key, anything else (lists included) replaces. Like Helm's own
 * merge of several values files, except that null is kept as a value (Helm then deletes the chart default).
 */
export function mergeValues(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isMapping(current) && isMapping(value) ? mergeValues(current, value) : value;
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
