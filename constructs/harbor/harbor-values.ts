import type { DatabaseSslMode } from "./database-tls";
import { INTERNAL_TLS_HASH_ANNOTATION, InternalTlsValuesInput, internalTlsValues } from "./internal-tls";
import { ScannerDatabaseInput, TRIVY_GITHUB_TOKEN_ENV, TRIVY_GITHUB_TOKEN_KEY, scannerDatabaseValues } from "./scanner";

/** Names of the Kubernetes Secrets the chart reads through its `existingSecret*` keys. */
export interface HarborSecretNames {
  /** Key `HARBOR_ADMIN_PASSWORD`. */
  readonly admin: string;
  /** Key `secretKey` (16 chars): encrypts credentials Harbor stores in its database. */
  readonly secretKey: string;
  /** Key `secret` (16 chars): core's shared secret with the other components. */
  readonly core: string;
  /** Key `CSRF_KEY` (32 chars). */
  readonly xsrf: string;
  /** Keys `tls.key` / `tls.crt`: the token-signing key pair. */
  readonly tokenCert: string;
  /** Key `JOBSERVICE_SECRET` (16 chars). */
  readonly jobservice: string;
  /** Key `REGISTRY_HTTP_SECRET` (16 chars). */
  readonly registryHttp: string;
  /** Keys `REGISTRY_PASSWD` / `REGISTRY_HTPASSWD`: core's login to the registry. */
  readonly registryCredentials: string;
  /** Key `password`: the PostgreSQL user's password. */
  readonly database: string;
  /**
   * The Valkey connection, one key per environment variable that carries it (see {@link VALKEY_ENV}): URLs with
   * the password, and the bare password for the registry. Components read it through `extraEnvVars`, never through
   * the chart's `redis.external.existingSecret` (which copies the password into ConfigMaps).
   */
  readonly valkey: string;
  /** Keys `REGISTRY_STORAGE_S3_ACCESSKEY` / `REGISTRY_STORAGE_S3_SECRETKEY`. */
  readonly s3: string;
  /** Key `ca.crt`: the PostgreSQL server's CA certificate (public; a Secret because the chart mounts one). */
  readonly databaseCa: string;
  /** Key `token`: the GitHub token of the scanner's database downloads (only with one). */
  readonly trivyGithubToken: string;
}

/** The Secret names for a release; none collides with the `<release>-<component>` Secrets the chart creates. */
export function harborSecretNames(release: string): HarborSecretNames {
  const name = (suffix: string) => `${release}-doks-${suffix}`;
  return {
    admin: name("admin"),
    secretKey: name("secret-key"),
    core: name("core-secret"),
    xsrf: name("xsrf"),
    tokenCert: name("token-cert"),
    jobservice: name("jobservice-secret"),
    registryHttp: name("registry-http"),
    registryCredentials: name("registry-credentials"),
    database: name("database"),
    valkey: name("valkey"),
    s3: name("s3"),
    databaseCa: name("database-ca"),
    trivyGithubToken: name("trivy-github-token"),
  };
}

/**
 * Valkey logical database of each component: the chart's defaults for external Redis (values.yaml
 * `redis.external.*DatabaseIndex`, chart 1.19.1), set explicitly in the values so the password-less URLs the chart
 * writes into its ConfigMaps and the URLs in our Secret name the same databases.
 */
export const VALKEY_DATABASES = { core: 0, jobservice: 1, registry: 2, trivy: 5 } as const;

/**
 * Which environment variables carry the Valkey password, per component, each verified against the code that reads
 * it (goharbor/harbor v2.15.1 unless noted) and the chart template that sets it today (harbor-helm v1.19.1):
 *
 * - core: `_REDIS_URL_CORE` (src/core/main.go: sessions and cache; also the fallback for `_REDIS_URL_HARBOR` and
 *   `_REDIS_URL_CACHE_LAYER`, which the chart sets only when `harborDatabaseIndex` / `cacheLayerDatabaseIndex` are
 *   given, and we give neither) and `_REDIS_URL_REG` (src/lib/redis/client.go; handed to GC jobs). The chart puts both
 *   into ConfigMap `<release>-core` (templates/core/core-cm.yaml), read through `envFrom`; an `env` entry wins.
 * - jobservice: `JOB_SERVICE_POOL_REDIS_URL` (src/jobservice/config/config.go, read because main.go loads the config
 *   with `detectEnv`), which overrides `worker_pool.redis_pool.redis_url` in ConfigMap `<release>-jobservice`. The
 *   chart gives jobservice `_REDIS_URL_CORE` only with `cache.enabled`, which we leave off.
 * - registry: `REGISTRY_REDIS_PASSWORD` overrides `redis.password` of config.yml (distribution's `REGISTRY_*`
 *   environment overrides, configuration/parser.go, in the goharbor/distribution 2.8 fork Harbor 2.15.1 ships); the
 *   chart's own Secret `<release>-registry` then carries an empty `REGISTRY_REDIS_PASSWORD` through `envFrom`. The
 *   registryctl container parses the same config.yml only for its storage driver (src/registryctl/config/config.go)
 *   and never connects to Valkey, so it gets nothing.
 * - trivy: `SCANNER_REDIS_URL`, the only Redis URL goharbor/harbor-scanner-trivy v0.36.0 (the adapter in Harbor
 *   2.15.1) reads (pkg/etc/config.go); the chart's `SCANNER_STORE_REDIS_URL` / `SCANNER_JOB_QUEUE_REDIS_URL` are no
 *   longer read. The chart sets `SCANNER_REDIS_URL` in `env` itself (from Secret `<release>-trivy`, password-less
 *   now); ours comes later in the same list, and for duplicate names the kubelet uses the last, but Helm's
 *   upgrade patches mishandle duplicates, so a post-renderer renames the chart's entry (see
 *   {@link trivyPostRenderScript}).
 * - exporter: `HARBOR_REDIS_URL` (src/cmd/exporter/main.go, viper prefix `harbor`, key `redis.url`), from ConfigMap
 *   `<release>-exporter-env`; only rendered with `metrics.enabled`, wired so that enabling it stays safe.
 */
export const VALKEY_ENV = {
  core: ["_REDIS_URL_CORE", "_REDIS_URL_REG"],
  jobservice: ["JOB_SERVICE_POOL_REDIS_URL"],
  registry: ["REGISTRY_REDIS_PASSWORD"],
  trivy: ["SCANNER_REDIS_URL"],
  exporter: ["HARBOR_REDIS_URL"],
} as const;

/** Name the post-renderer gives the chart's own (password-less) `SCANNER_REDIS_URL` entry of the trivy container. */
export const TRIVY_CHART_REDIS_URL_RENAMED = "HARBOR_DOKS_UNUSED_SCANNER_REDIS_URL";

/**
 * Name the post-renderer gives the chart's own `SCANNER_TRIVY_GITHUB_TOKEN` entry (from its Secret `<release>-trivy`,
 * empty here) when the project sets the token from a Secret of its own.
 */
export const TRIVY_CHART_GITHUB_TOKEN_RENAMED = "HARBOR_DOKS_UNUSED_SCANNER_TRIVY_GITHUB_TOKEN";

/**
 * Post-renderer (`sh -c <this>`, manifests on stdin) that renames the chart's own `SCANNER_REDIS_URL` entry of the
 * trivy container, so that ours (from `trivy.extraEnvVars`) is the only one. Kubernetes runs a container with two
 * entries of one name (the later wins), but Helm 3 upgrades objects with a three-way strategic merge patch keyed on
 * the env name, and with duplicates that patch is wrong: simulated with apimachinery's strategicpatch (v0.33.2, the
 * code Helm 3.18 and the API server run), upgrading an existing release to these values merges the two entries into
 * the chart's password-less one, and a later chart change that touches the env list fails to patch. With the chart's
 * entry renamed every upgrade is an ordinary patch. The chart writes its entry quoted (`- name: "SCANNER_REDIS_URL"`,
 * templates/trivy/trivy-sts.yaml) and Helm's `toYaml` writes ours unquoted; the script fails the release, naming
 * the cause, unless exactly one definition is left, so a chart that changes the line cannot bring the duplicate
 * back silently. Needs `sh`, `sed` and `grep` where Terraform runs (any Linux or macOS machine).
 * With `githubToken` it does the same for `SCANNER_TRIVY_GITHUB_TOKEN` (the chart's entry reads its own Secret, whose
 * token would have to come through the values). Without it the script is the same text as before the option existed,
 * so existing releases see no change.
 */
export function trivyPostRenderScript(githubToken = false): string {
  // String.raw: the backslashes belong to sed and grep. No "${" may appear here (Terraform would read a template).
  const names: [string, string][] = [["SCANNER_REDIS_URL", TRIVY_CHART_REDIS_URL_RENAMED]];
  if (githubToken) names.push([TRIVY_GITHUB_TOKEN_ENV, TRIVY_CHART_GITHUB_TOKEN_RENAMED]);
  const expressions = names
    .map(([name, renamed]) => String.raw`-e 's/^\( *\)- name: "` + name + String.raw`"$/\1- name: "` + renamed + `"/'`)
    .join(" ");
  return [
    "set -e",
    `out=$(sed ${expressions})`,
    ...names.flatMap(([name]) => [
      String.raw`n=$(printf '%s\n' "$out" | grep -c '^ *- name: "\{0,1\}` + name + String.raw`"\{0,1\}$' || true)`,
      'if [ "$n" -ne 1 ]; then',
      `  echo "harbor-doks post-renderer: expected exactly one ${name} env entry after renaming the chart's` +
        " own, found $n; the chart's trivy template changed (see trivyPostRenderScript in constructs/harbor-values.ts)\" >&2",
      "  exit 1",
      "fi",
    ]),
    String.raw`printf '%s\n' "$out"`,
  ].join("\n");
}

/** Pod annotation holding a hash of the Valkey password: a new password changes the values and rolls the pods. */
export const VALKEY_PASSWORD_HASH_ANNOTATION = "harbor-doks/valkey-password-sha256";

/** What the Valkey Secret is built from. Strings may be Terraform expressions. */
export interface ValkeyConnection {
  readonly host: string;
  readonly port: string;
  /** The password, as Valkey expects it (registry). */
  readonly password: string;
  /** The password URL-query-encoded, as the chart's `urlquery` does (e.g. Terraform `urlencode(...)`). */
  readonly urlEncodedPassword: string;
}

/**
 * Data of the Valkey Secret: one key per variable of {@link VALKEY_ENV}. The URLs mirror the chart's helpers
 * (templates/_helpers.tpl `harbor.redis.url*`): `rediss://:<password>@<host>:<port>/<db>`, with
 * `?idle_timeout_seconds=30` for everything but jobservice (and the exporter, which reads jobservice's database).
 */
export function valkeySecretData(connection: ValkeyConnection): Record<string, string> {
  const url = (database: number, idleTimeout: boolean) =>
    `rediss://:${connection.urlEncodedPassword}@${connection.host}:${connection.port}/${database}` +
    (idleTimeout ? "?idle_timeout_seconds=30" : "");
  return {
    _REDIS_URL_CORE: url(VALKEY_DATABASES.core, true),
    _REDIS_URL_REG: url(VALKEY_DATABASES.registry, true),
    JOB_SERVICE_POOL_REDIS_URL: url(VALKEY_DATABASES.jobservice, false),
    REGISTRY_REDIS_PASSWORD: connection.password,
    SCANNER_REDIS_URL: url(VALKEY_DATABASES.trivy, true),
    HARBOR_REDIS_URL: url(VALKEY_DATABASES.jobservice, false),
  };
}

/**
 * The folder of the bucket that holds the registry's storage (the S3 driver's `rootdirectory`, without its leading
 * `/`). Everything Harbor stores in its bucket lives below it; the off-region backup mirrors exactly this tree.
 */
export const REGISTRY_ROOT = "harbor";

/** Username core uses to log in to the registry (the password is generated). */
export const REGISTRY_USERNAME = "harbor_registry_user";

/** How clients reach Harbor. */
export type HarborExpose =
  | { readonly type: "clusterIP" }
  | {
      readonly type: "ingress";
      /** IngressClass name, e.g. `traefik`. */
      readonly className: string;
      /**
       * Name the class in the `kubernetes.io/ingress.class` annotation instead of `spec.ingressClassName`: what a
       * Traefik with namespaced RBAC needs (it cannot read IngressClasses, see `buildTraefikValues`).
       * @default false
       */
      readonly classAsAnnotation?: boolean;
      /**
       * The cert-manager issuer of the certificate: a ClusterIssuer of the user's own, or an Issuer in Harbor's
       * namespace (`cert-manager.io/cluster-issuer` or `cert-manager.io/issuer` annotation).
       */
      readonly issuer: { readonly kind: "ClusterIssuer" | "Issuer"; readonly name: string };
      /** Secret cert-manager writes the certificate to. */
      readonly tlsSecretName: string;
      /** Keep the chart's nginx annotations (right for ingress-nginx), else null them. */
      readonly keepChartAnnotations: boolean;
    };

/** Everything the values depend on. Strings may be Terraform tokens (host names, ports). */
export interface HarborValuesInput {
  readonly hostname: string;
  /** Replicas of core, portal, registry, jobservice, trivy (and nginx with clusterIP). */
  readonly replicas: number;
  /** PodDisruptionBudgets and spreading pods over nodes. */
  readonly highAvailability: boolean;
  readonly database: {
    readonly host: string;
    readonly port: string;
    readonly user: string;
    readonly name: string;
    /** How core, jobservice and the exporter verify the server. Absent: `sslmode: require` (encrypted, unverified). */
    readonly tls?: HarborDatabaseTls;
  };
  /** Numbers, or Terraform expressions when the server's size is known only at plan time. */
  readonly maxOpenConns: number | string;
  readonly maxIdleConns: number | string;
  readonly valkey: {
    readonly host: string;
    readonly port: string;
    /**
     * A hash of the password (a Terraform expression such as `${nonsensitive(sha256(...))}`), never the password:
     * it goes into pod annotations so that a new password changes the release and rolls every pod that reads it.
     */
    readonly passwordHash: string;
  };
  readonly storage: { readonly bucket: string; readonly region: string; readonly endpoint: string };
  readonly secrets: HarborSecretNames;
  readonly expose: HarborExpose;
  /**
   * Prometheus metrics: the chart's exporter plus the metrics endpoints of core, registry and jobservice, and
   * optionally a ServiceMonitor for them. Absent: no metrics (the chart's default).
   */
  readonly metrics?: HarborMetrics;
  /** The chart's internal TLS with certificates from our Secrets. Absent: components talk plain HTTP. */
  readonly internalTls?: InternalTlsValuesInput;
  /**
   * Annotations of the core and portal Services (chart `core.serviceAnnotations` / `portal.serviceAnnotations`),
   * e.g. Traefik's backend scheme and ServersTransport ({@link traefikBackendAnnotations}). Absent: none.
   */
  readonly serviceAnnotations?: { readonly core: Record<string, string>; readonly portal: Record<string, string> };
  /** Where Trivy gets its databases. Absent: the chart's public repositories. */
  readonly scannerDatabase?: ScannerDatabaseInput;
  /**
   * Secret with key `token`: a GitHub token for Trivy's database downloads, read into `SCANNER_TRIVY_GITHUB_TOKEN`
   * (the chart's own entry is renamed by {@link trivyPostRenderScript}). Absent: anonymous downloads.
   */
  readonly trivyGithubTokenSecretName?: string;
  /**
   * A hash of the token (a Terraform expression), never the token: a pod annotation of the trivy pods, so that a new
   * token rolls them (they read it at start). Absent: no annotation.
   */
  readonly trivyGithubTokenHash?: string;
}

/** Pod annotation holding a hash of the scanner's GitHub token: a new token rolls the trivy pods. */
export const TRIVY_GITHUB_TOKEN_HASH_ANNOTATION = "harbor-doks/trivy-github-token-sha256";

/** Verified TLS to PostgreSQL, see {@link HarborValuesInput.database}. */
export interface HarborDatabaseTls {
  /** libpq-style mode, passed to the chart's `database.external.sslmode`. */
  readonly sslMode: DatabaseSslMode;
  /**
   * Secret with key `ca.crt`: the server's CA. The chart's `caBundleSecretName` mounts it at
   * `/harbor_cust_cert/custom-ca.crt` in core, jobservice, registry, trivy and the exporter, whose entrypoint adds it
   * to the system trust store (install_cert.sh); pgx (jackc/pgx v4, Harbor 2.15.1's driver) verifies against the
   * system store when no `sslrootcert` is given, which the chart has no key for.
   */
  readonly caBundleSecretName: string;
  /**
   * A hash of the CA certificate, for the pods that mount the bundle ({@link DATABASE_CA_HASH_ANNOTATION}): their
   * trust store is built once, at start.
   */
  readonly caCertificateHash: string;
}

/** Pod annotation holding a hash of the database CA: a new CA rolls the pods that trust it. */
export const DATABASE_CA_HASH_ANNOTATION = "harbor-doks/database-ca-sha256";

/** Harbor's metrics, see {@link HarborValuesInput.metrics}. */
export interface HarborMetrics {
  /**
   * A `monitoring.coreos.com/v1` ServiceMonitor selecting every Service of the release with an `http-metrics` port
   * (`https-metrics` with internal TLS, still scraped over HTTP).
   * The Prometheus Operator's CRDs must already be in the cluster: the chart renders the object unconditionally and
   * the release fails without them.
   */
  readonly serviceMonitor: boolean;
}

/**
 * Replicas of the metrics exporter. One is enough: it serves gauges it reads from core, the database and Valkey, so a
 * second pod would only double those reads (and its database connections, which the connection budget counts).
 */
export const EXPORTER_REPLICAS = 1;

/** Port of every Harbor metrics endpoint (the chart's default for `metrics.<component>.port`, chart 1.19.1). */
export const HARBOR_METRICS_PORT = 8001;

/**
 * Where the registry's debug server listens when metrics are on: inside the pod only, as without metrics (the chart's
 * `localhost:5001`). With `metrics.enabled` the chart moves it to `:8001` on every interface and publishes it through
 * the registry Service, but that server is distribution's `http.DefaultServeMux` (registry/registry.go): besides
 * `/metrics` it serves `/debug/pprof` (cmd/registry/main.go imports net/http/pprof) and expvar's `/debug/vars`, where
 * the registry publishes its Redis configuration, password included (registry/handlers/app.go `"Config":
 * configuration.Redis`; goharbor/distribution release/2.8 at b4ae14e7, the fork Harbor 2.15.1 builds). Any pod in the
 * cluster could read the Valkey password there. distribution's environment override (configuration/parser.go)
 * `REGISTRY_HTTP_DEBUG_ADDR` wins over the chart's config.yml. The registry's own metrics are lost; every `/v2/` request
 * passes through core first (the Ingress and the chart's nginx route `/v2/` to core), so core's
 * `harbor_core_http_request_total{operation=~"v2_.*"}` still counts pushes and pulls.
 */
export const REGISTRY_DEBUG_ADDR = { name: "REGISTRY_HTTP_DEBUG_ADDR", value: "localhost:5001" } as const;

const CHART_NGINX_ANNOTATIONS = [
  "ingress.kubernetes.io/ssl-redirect",
  "ingress.kubernetes.io/proxy-body-size",
  "nginx.ingress.kubernetes.io/ssl-redirect",
  "nginx.ingress.kubernetes.io/proxy-body-size",
];

/** Harbor chart 1.19.x values for external PostgreSQL, Valkey over TLS and Spaces. No secret appears here. */
export function buildHarborValues(input: HarborValuesInput): Record<string, unknown> {
  const { secrets } = input;
  // Every pod that reads a certificate: the certificates' hash rolls it when one is renewed (the portal reads only
  // its own; the exporter reads core's CA).
  const tlsAnnotations: Record<string, string> = input.internalTls
    ? { [INTERNAL_TLS_HASH_ANNOTATION]: input.internalTls.certificatesHash }
    : {};
  // Every pod that reads the Valkey password: its env from our Secret, and the password's hash as an annotation.
  // The chart's own checksum annotations no longer see the password (it is in none of its ConfigMaps or Secrets), so
  // without the hash a new password would reach the Secret but no pod would restart to read it.
  const valkeyEnv = (names: readonly string[]) =>
    names.map((name) => ({ name, valueFrom: { secretKeyRef: { name: secrets.valkey, key: name } } }));
  // The same pods mount the chart's `caBundleSecretName` (core, jobservice, registry, trivy, exporter).
  const valkeyAnnotations = {
    [VALKEY_PASSWORD_HASH_ANNOTATION]: input.valkey.passwordHash,
    ...(input.database.tls ? { [DATABASE_CA_HASH_ANNOTATION]: input.database.tls.caCertificateHash } : {}),
    ...tlsAnnotations,
  };
  const component = (extra: Record<string, unknown> = {}) => ({
    replicas: input.replicas,
    ...(input.highAvailability
      ? {
          podDisruptionBudget: { enabled: true, minAvailable: 1 },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" },
          ],
        }
      : {}),
    ...extra,
  });

  return {
    externalURL: `https://${input.hostname}`,
    expose: exposeValues(input),
    existingSecretAdminPassword: secrets.admin,
    existingSecretAdminPasswordKey: "HARBOR_ADMIN_PASSWORD",
    existingSecretSecretKey: secrets.secretKey,
    ...(input.internalTls ? { internalTLS: internalTlsValues(input.internalTls) } : {}),
    ...(input.database.tls ? { caBundleSecretName: input.database.tls.caBundleSecretName } : {}),
    // Spaces holds the blobs and job logs go to the database, so the chart creates no RWO volume for
    // registry or jobservice and several replicas can roll one by one.
    updateStrategy: { type: "RollingUpdate" },
    persistence: {
      enabled: true,
      imageChartStorage: {
        type: "s3",
        disableredirect: false,
        s3: {
          existingSecret: secrets.s3,
          bucket: input.storage.bucket,
          region: input.storage.region,
          regionendpoint: input.storage.endpoint,
          rootdirectory: `/${REGISTRY_ROOT}`,
          secure: true,
          v4auth: true,
        },
      },
    },
    database: {
      type: "external",
      external: {
        host: input.database.host,
        port: input.database.port,
        username: input.database.user,
        coreDatabase: input.database.name,
        existingSecret: secrets.database,
        sslmode: input.database.tls?.sslMode ?? "require",
      },
      maxOpenConns: input.maxOpenConns,
      maxIdleConns: input.maxIdleConns,
    },
    redis: {
      type: "external",
      external: {
        // No `existingSecret` and no `password`: with either, the chart writes the password into the core,
        // jobservice and registry ConfigMaps (readable with the built-in `view` role; goharbor/harbor-helm#2136).
        // Without both, its URLs are password-less and the components get the real ones from `extraEnvVars`.
        addr: `${input.valkey.host}:${input.valkey.port}`,
        // Harbor 2.13+ verifies the server certificate. DigitalOcean's managed Valkey presents a Let's Encrypt
        // certificate ("How to Connect to Valkey Database Clusters", docs.digitalocean.com/products/databases/
        // valkey/how-to/connect: "uses Let's Encrypt certification, which does not require that you download a CA
        // certificate"), publicly trusted by the images' system store, so no `caBundleSecretName` is needed.
        tlsOptions: { enable: true },
        coreDatabaseIndex: String(VALKEY_DATABASES.core),
        jobserviceDatabaseIndex: String(VALKEY_DATABASES.jobservice),
        registryDatabaseIndex: String(VALKEY_DATABASES.registry),
        trivyAdapterIndex: String(VALKEY_DATABASES.trivy),
      },
    },
    core: component({
      existingSecret: secrets.core,
      existingXsrfSecret: secrets.xsrf,
      existingXsrfSecretKey: "CSRF_KEY",
      secretName: secrets.tokenCert,
      extraEnvVars: valkeyEnv(VALKEY_ENV.core),
      podAnnotations: valkeyAnnotations,
      ...(input.serviceAnnotations ? { serviceAnnotations: input.serviceAnnotations.core } : {}),
    }),
    portal: component({
      ...(input.internalTls ? { podAnnotations: tlsAnnotations } : {}),
      ...(input.serviceAnnotations ? { serviceAnnotations: input.serviceAnnotations.portal } : {}),
    }),
    registry: component({
      existingSecret: secrets.registryHttp,
      existingSecretKey: "REGISTRY_HTTP_SECRET",
      credentials: { username: REGISTRY_USERNAME, existingSecret: secrets.registryCredentials },
      registry: {
        extraEnvVars: [...valkeyEnv(VALKEY_ENV.registry), ...(input.metrics ? [{ ...REGISTRY_DEBUG_ADDR }] : [])],
      },
      podAnnotations: valkeyAnnotations,
    }),
    jobservice: component({
      existingSecret: secrets.jobservice,
      existingSecretKey: "JOBSERVICE_SECRET",
      jobLoggers: ["database"],
      extraEnvVars: valkeyEnv(VALKEY_ENV.jobservice),
      podAnnotations: valkeyAnnotations,
    }),
    trivy: component({
      enabled: true,
      ...(input.scannerDatabase ? scannerDatabaseValues(input.scannerDatabase) : {}),
      extraEnvVars: [
        ...valkeyEnv(VALKEY_ENV.trivy),
        ...(input.trivyGithubTokenSecretName === undefined
          ? []
          : [
              {
                name: TRIVY_GITHUB_TOKEN_ENV,
                valueFrom: { secretKeyRef: { name: input.trivyGithubTokenSecretName, key: TRIVY_GITHUB_TOKEN_KEY } },
              },
            ]),
      ],
      podAnnotations:
        input.trivyGithubTokenHash === undefined
          ? valkeyAnnotations
          : { ...valkeyAnnotations, [TRIVY_GITHUB_TOKEN_HASH_ANNOTATION]: input.trivyGithubTokenHash },
    }),
    // Only rendered with `metrics.enabled`. Wired either way, so that turning metrics on can never bring the chart's
    // password-less HARBOR_REDIS_URL (ConfigMap `<release>-exporter-env`, read through envFrom) into effect: an `env`
    // entry wins over `envFrom`, and the hash annotation rolls the exporter when the password changes.
    exporter: {
      ...(input.metrics ? { replicas: EXPORTER_REPLICAS } : {}),
      extraEnvVars: valkeyEnv(VALKEY_ENV.exporter),
      podAnnotations: valkeyAnnotations,
    },
    ...(input.metrics ? { metrics: metricsValues(input.metrics) } : {}),
    ...(input.expose.type === "clusterIP" ? { nginx: component() } : {}),
  };
}

/**
 * Chart 1.19.1 `metrics.*`: with `enabled` the chart sets METRIC_* for core and jobservice, turns on the registry's
 * debug server with Prometheus (kept inside the pod here, see {@link REGISTRY_DEBUG_ADDR}), adds an `http-metrics`
 * (`https-metrics` with internal TLS) port to the core, registry and jobservice Services and deploys the exporter with its own Service. Paths and ports stay the chart's (`/metrics`, 8001), written out so the
 * documented scrape targets cannot drift from a chart default.
 */
function metricsValues(metrics: HarborMetrics): Record<string, unknown> {
  const endpoint = { path: "/metrics", port: HARBOR_METRICS_PORT };
  return {
    enabled: true,
    core: endpoint,
    registry: endpoint,
    jobservice: endpoint,
    exporter: endpoint,
    serviceMonitor: {
      enabled: metrics.serviceMonitor,
      // The registry's endpoint stays inside its pod (see REGISTRY_DEBUG_ADDR): drop its target, which would
      // otherwise be permanently down. Matched on the pods' `component` label, which the chart sets on every pod.
      relabelings: [{ sourceLabels: ["__meta_kubernetes_pod_label_component"], regex: "registry", action: "drop" }],
    },
  };
}

function exposeValues(input: HarborValuesInput): Record<string, unknown> {
  const { expose } = input;
  if (expose.type === "clusterIP") {
    // Users port-forward; the chart's nginx terminates TLS with a certificate it generates.
    return {
      type: "clusterIP",
      tls: { enabled: true, certSource: "auto", auto: { commonName: input.hostname } },
    };
  }
  const annotations: Record<string, string | null> = {};
  if (!expose.keepChartAnnotations) {
    // Helm merges maps with the chart's defaults: null removes the nginx-only keys.
    for (const key of CHART_NGINX_ANNOTATIONS) annotations[key] = null;
  }
  const issuerAnnotation =
    expose.issuer.kind === "Issuer" ? "cert-manager.io/issuer" : "cert-manager.io/cluster-issuer";
  annotations[issuerAnnotation] = expose.issuer.name;
  // The Kubernetes API refuses an Ingress with both the class annotation and spec.ingressClassName, and the chart
  // writes the field whenever className is non-empty (harbor-helm v1.19.1 templates/ingress/ingress.yaml).
  if (expose.classAsAnnotation === true) annotations["kubernetes.io/ingress.class"] = expose.className;
  return {
    type: "ingress",
    tls: { enabled: true, certSource: "secret", secret: { secretName: expose.tlsSecretName } },
    ingress: {
      className: expose.classAsAnnotation === true ? "" : expose.className,
      hosts: { core: input.hostname },
      annotations,
    },
  };
}
