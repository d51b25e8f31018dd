// Chart values of the user's own, merged over the values buildHarborValues writes. cdktf-free: the Harbor construct
// and the config schema call the same guard.
import { isDeepStrictEqual } from "node:util";
import { VALKEY_PASSWORD_HASH_ANNOTATION } from "./harbor-values";
import { HARBOR_CHART_KEYS, HARBOR_CHART_KEYS_VERSION } from "./chart-keys";
import { closestMatch } from "../core/suggest";

/** A refused key: where it is and what to use instead. */
export interface ExtraValuesProblem {
  /** Path of the key, e.g. `core.extraEnvVars`. */
  readonly path: string;
  /** What is wrong and what to use instead, e.g. `is set from harbor.replicas (construct: replicas)`. */
  readonly message: string;
  /** True when the key itself is not the chart's (a typo); else the key is the chart's and refused. @default false */
  readonly unknownKey?: boolean;
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

/**
 * Refused paths whose one value the project writes itself: that value passes (saying what is already so is harmless),
 * any other is refused.
 */
const PROJECT_VALUES: Record<string, unknown> = {
  "persistence.enabled": true,
  "trivy.enabled": true,
  updateStrategy: { type: "RollingUpdate" },
  "jobservice.jobLoggers": ["database"],
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

/** The keys of each mapping of the pinned chart's values, by the mapping's dotted path (`""`: the top level). */
let chartMappings: Map<string, string[]> | undefined;
function chartKeysBelow(): Map<string, string[]> {
  if (chartMappings !== undefined) return chartMappings;
  chartMappings = new Map();
  for (const key of HARBOR_CHART_KEYS) {
    const dot = key.lastIndexOf(".");
    const parent = dot < 0 ? "" : key.slice(0, dot);
    chartMappings.set(parent, [...(chartMappings.get(parent) ?? []), key.slice(dot + 1)]);
  }
  return chartMappings;
}

/**
 * Why `key` under the mapping `parent` is not a value of the pinned chart, or undefined when it is, or when `parent`
 * is not a mapping the chart lists keys of (a leaf: a scalar, or a mapping of free keys such as `nodeSelector`).
 */
function unknownChartKeyProblem(parent: string, key: string): string | undefined {
  const known = chartKeysBelow().get(parent);
  if (known === undefined || known.includes(key)) return undefined;
  const typo = closestMatch(key, known);
  // A key of a component written at the wrong level: `nodeSelector` at the top belongs under core, portal, ...
  const elsewhere = HARBOR_CHART_KEYS.filter((path) => path.endsWith(`.${key}`)).map((path) =>
    path.slice(0, -key.length - 1),
  );
  const hint =
    typo !== undefined
      ? `did you mean "${typo}"?`
      : elsewhere.length > 0
        ? `it is a key of ${elsewhere
            .slice(0, 4)
            .map((path) => `"${path}"`)
            .join(", ")}${elsewhere.length > 4 ? ", ..." : ""}`
        : `keys here: ${known.join(", ")}`;
  return `is not a value of the Harbor chart ${HARBOR_CHART_KEYS_VERSION}, which would ignore it (${hint})`;
}

/**
 * Every key of `values` that would undo the project's wiring, bring a secret into the Helm values, or that the chart
 * does not have (a typo the chart would silently ignore), with what to use instead; empty when the values may be
 * merged. Resources, node selectors, tolerations, affinity, priority classes, images (repository, tag), log level and
 * the like pass. Lists are not looked into: they replace the project's whole list, and the refused lists
 * (extraEnvVars, jobLoggers) are refused by name. Keys are checked against the chart only for the chart version they
 * were read from ({@link HARBOR_CHART_KEYS_VERSION}); another `chartVersion` may have other keys.
 */
export function extraValuesProblems(values: unknown, chartVersion?: string): ExtraValuesProblem[] {
  if (!isMapping(values)) return [{ path: "(top level)", message: "must be a mapping of chart values" }];
  const checkKeys = (chartVersion ?? HARBOR_CHART_KEYS_VERSION) === HARBOR_CHART_KEYS_VERSION;
  const problems: ExtraValuesProblem[] = [];
  const visit = (node: Record<string, unknown>, path: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      const dotted = at.join(".");
      if (Object.hasOwn(PROJECT_VALUES, dotted) && isDeepStrictEqual(value, PROJECT_VALUES[dotted])) continue;
      // Own entries only: a key such as "__proto__" or "constructor" must not find Object.prototype's members.
      const refused =
        (Object.hasOwn(REFUSED_PATHS, dotted) ? REFUSED_PATHS[dotted] : undefined) ??
        (Object.hasOwn(REFUSED_KEYS, key) ? REFUSED_KEYS[key] : undefined) ??
        (SECRET_KEY.test(key) && !SECRET_LIKE_ALLOWED.has(key)
          ? "names a secret or a Secret; every secret is generated in Terraform and handed over in Secrets the " +
            "project names (a password of your own belongs in a Secret, not in the values)"
          : undefined);
      if (refused !== undefined) {
        problems.push({ path: dotted, message: refused });
        continue;
      }
      // Top-level "x-" keys hold YAML anchors, as in the config file; the chart ignores them.
      const extension = path.length === 0 && key.startsWith("x-");
      const unknown = checkKeys && !extension ? unknownChartKeyProblem(path.join("."), key) : undefined;
      if (unknown !== undefined) {
        problems.push({ path: dotted, message: unknown, unknownKey: true });
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
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    // defineProperty, not `out[key] =`: a key "__proto__" (a node label may be anything) stays a key.
    Object.defineProperty(out, key, {
      value: isMapping(current) && isMapping(value) ? mergeValues(current, value) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
