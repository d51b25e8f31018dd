// Where Harbor's scanner (Trivy) gets its vulnerability databases, as chart values. No cdktf: the config schema calls
// the same rules.
//
// Chart 1.19.1 (goharbor/harbor-helm v1.19.1 values.yaml `trivy.*`, templates/trivy/trivy-sts.yaml) passes
// `dbRepository` / `javaDBRepository` joined by "," into SCANNER_TRIVY_DB_REPOSITORY / SCANNER_TRIVY_JAVA_DB_REPOSITORY;
// Trivy tries them in order and moves to the next only on a temporary error (429 or 5xx). `skipUpdate`,
// `skipJavaDBUpdate` and `offlineScan` become SCANNER_TRIVY_SKIP_UPDATE, SCANNER_TRIVY_SKIP_JAVA_DB_UPDATE and
// SCANNER_TRIVY_OFFLINE_SCAN. The GitHub token is SCANNER_TRIVY_GITHUB_TOKEN, which the chart reads from its own Secret
// `<release>-trivy`, filled from the value `trivy.gitHubToken`: that would put the token into the values, so the
// project sets the variable from a Secret of its own instead (see trivyPostRenderScript).
import { HARBOR_NAME_PATTERN } from "./naming";

/** How Trivy gets its databases. */
export const SCANNER_DATABASE_MODES = ["mirrors", "proxy-cache", "offline"] as const;
/**
 * - `mirrors`: the chart's public repositories (mirror.gcr.io, then ghcr.io), anonymously.
 * - `proxy-cache`: the instance's own proxy-cache project of ghcr.io first, then the public repositories.
 * - `offline`: no download at all (air-gapped); the databases are loaded into the scanner's volume by hand.
 */
export type ScannerDatabaseMode = (typeof SCANNER_DATABASE_MODES)[number];

/** The chart's default database repositories (values.yaml, chart 1.19.1), in its order. */
export const TRIVY_PUBLIC_DB_REPOSITORIES = {
  db: ["mirror.gcr.io/aquasec/trivy-db", "ghcr.io/aquasecurity/trivy-db"],
  javaDb: ["mirror.gcr.io/aquasec/trivy-java-db", "ghcr.io/aquasecurity/trivy-java-db"],
} as const;

/** Where the trivy container keeps its databases (chart 1.19.1: the `data` volume at /home/scanner/.cache). */
export const TRIVY_DB_PATHS = {
  db: "/home/scanner/.cache/trivy/db",
  javaDb: "/home/scanner/.cache/trivy/java-db",
} as const;

/** The trivy container's variable for the GitHub token. */
export const TRIVY_GITHUB_TOKEN_ENV = "SCANNER_TRIVY_GITHUB_TOKEN";

/** Key of the token in the project's Secret. */
export const TRIVY_GITHUB_TOKEN_KEY = "token";

/** What the scanner's database settings depend on. */
export interface ScannerDatabaseInput {
  readonly mode: ScannerDatabaseMode;
  /** Harbor's host name: the proxy-cache project is pulled from `<hostname>/<project>/...`. */
  readonly hostname: string;
  /** The proxy-cache project of ghcr.io, with `mode: "proxy-cache"`. */
  readonly proxyCacheProject?: string;
}

/** Why the settings cannot work, or undefined when they can; `prop` names the settings in the message. */
export function scannerDatabaseProblem(
  mode: string,
  proxyCacheProject: string | undefined,
  githubToken: boolean,
): { readonly prop: string; readonly message: string } | undefined {
  if (!(SCANNER_DATABASE_MODES as readonly string[]).includes(mode)) {
    return { prop: "database", message: `must be one of ${SCANNER_DATABASE_MODES.join(", ")}, got "${mode}"` };
  }
  if (mode === "proxy-cache" && (proxyCacheProject === undefined || proxyCacheProject === "")) {
    return {
      prop: "proxyCacheProject",
      message: 'is required with database "proxy-cache": name the public proxy-cache project of ghcr.io',
    };
  }
  if (proxyCacheProject !== undefined && !HARBOR_NAME_PATTERN.test(proxyCacheProject)) {
    return {
      prop: "proxyCacheProject",
      message: `"${proxyCacheProject}" is not a Harbor project name (lowercase letters and digits, separated by . _ or -)`,
    };
  }
  if (mode !== "proxy-cache" && proxyCacheProject !== undefined) {
    return { prop: "proxyCacheProject", message: `only applies with database "proxy-cache", not "${mode}"` };
  }
  if (mode === "offline" && githubToken) {
    return {
      prop: "githubToken",
      message: 'is never used with database "offline" (nothing is downloaded); remove it, or choose another mode',
    };
  }
  return undefined;
}

/** The chart's `trivy.*` database values for a mode. */
export function scannerDatabaseValues(input: ScannerDatabaseInput): Record<string, unknown> {
  // The chart's defaults are this mode: nothing written, so an instance that had no scanner settings sees no change.
  if (input.mode === "mirrors") return {};
  if (input.mode === "offline") {
    return { skipUpdate: true, skipJavaDBUpdate: true, offlineScan: true };
  }
  const own = (name: string) => [`${input.hostname}/${input.proxyCacheProject}/aquasecurity/${name}`];
  return {
    skipUpdate: false,
    skipJavaDBUpdate: false,
    offlineScan: false,
    dbRepository: [...own("trivy-db"), ...TRIVY_PUBLIC_DB_REPOSITORIES.db],
    javaDBRepository: [...own("trivy-java-db"), ...TRIVY_PUBLIC_DB_REPOSITORIES.javaDb],
  };
}
