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
  /** Key `REDIS_PASSWORD`: the Valkey password. */
  readonly valkey: string;
  /** Keys `REGISTRY_STORAGE_S3_ACCESSKEY` / `REGISTRY_STORAGE_S3_SECRETKEY`. */
  readonly s3: string;
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
  };
}

/** Username core uses to log in to the registry (the password is generated). */
export const REGISTRY_USERNAME = "harbor_registry_user";

/** How clients reach Harbor. */
export type HarborExpose =
  | { readonly type: "clusterIP" }
  | {
      readonly type: "ingress";
      /** IngressClass name, e.g. `traefik`. */
      readonly className: string;
      /** ClusterIssuer cert-manager uses for the certificate. */
      readonly clusterIssuer: string;
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
  readonly database: { readonly host: string; readonly port: string; readonly user: string; readonly name: string };
  readonly maxOpenConns: number;
  readonly maxIdleConns: number;
  readonly valkey: { readonly host: string; readonly port: string };
  readonly storage: { readonly bucket: string; readonly region: string; readonly endpoint: string };
  readonly secrets: HarborSecretNames;
  readonly expose: HarborExpose;
}

const CHART_NGINX_ANNOTATIONS = [
  "ingress.kubernetes.io/ssl-redirect",
  "ingress.kubernetes.io/proxy-body-size",
  "nginx.ingress.kubernetes.io/ssl-redirect",
  "nginx.ingress.kubernetes.io/proxy-body-size",
];

/** Harbor chart 1.19.x values for external PostgreSQL, Valkey over TLS and Spaces. No secret appears here. */
export function buildHarborValues(input: HarborValuesInput): Record<string, unknown> {
  const { secrets } = input;
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
          rootdirectory: "/harbor",
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
        sslmode: "require",
      },
      maxOpenConns: input.maxOpenConns,
      maxIdleConns: input.maxIdleConns,
    },
    redis: {
      type: "external",
      external: {
        addr: `${input.valkey.host}:${input.valkey.port}`,
        tlsOptions: { enable: true },
        existingSecret: secrets.valkey,
      },
    },
    core: component({
      existingSecret: secrets.core,
      existingXsrfSecret: secrets.xsrf,
      existingXsrfSecretKey: "CSRF_KEY",
      secretName: secrets.tokenCert,
    }),
    portal: component(),
    registry: component({
      existingSecret: secrets.registryHttp,
      existingSecretKey: "REGISTRY_HTTP_SECRET",
      credentials: { username: REGISTRY_USERNAME, existingSecret: secrets.registryCredentials },
    }),
    jobservice: component({
      existingSecret: secrets.jobservice,
      existingSecretKey: "JOBSERVICE_SECRET",
      jobLoggers: ["database"],
    }),
    trivy: component({ enabled: true }),
    ...(input.expose.type === "clusterIP" ? { nginx: component() } : {}),
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
  annotations["cert-manager.io/cluster-issuer"] = expose.clusterIssuer;
  return {
    type: "ingress",
    tls: { enabled: true, certSource: "secret", secret: { secretName: expose.tlsSecretName } },
    ingress: { className: expose.className, hosts: { core: input.hostname }, annotations },
  };
}
