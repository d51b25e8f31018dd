import { Construct, IConstruct } from "constructs";
import {
  Aspects,
  Fn,
  ITerraformDependable,
  dependable,
  Precondition,
  TerraformResource,
  TerraformStack,
  Token,
} from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { connectionBudget, connectionBudgetPods, connectionBudgetProblem } from "./connection-budget";
import { ExistingNamespace, MANAGED_BY_LABEL } from "./existing-namespace";
import { planTimeConnectionBudget } from "./plan-time-connection-budget";
import { extraValuesProblems, mergeValues } from "./extra-values";
import { ValidationError } from "../core/errors";
import { checkProp, wholeNumberProblem } from "../core/validation";
import {
  DEFAULT_HARBOR_CHART_VERSION,
  DEFAULT_HARBOR_NAMESPACE,
  HARBOR_CHART_REPOSITORY,
  chartVersionProblem,
  harborReplicasProblem,
} from "./chart";
import { HarborInternalTls } from "./harbor-internal-tls";
import { ServersTransportSpec, harborServersTransports, traefikBackendAnnotations } from "./traefik-backend";
import { DEFAULT_DATABASE_SSL_MODE, DatabaseSslMode, databaseSslModeProblem } from "./database-tls";
import {
  EXPORTER_REPLICAS,
  HarborExpose,
  REGISTRY_USERNAME,
  buildHarborValues,
  harborSecretNames,
  HarborSecretNames,
  trivyPostRenderScript,
  valkeySecretData,
} from "./harbor-values";
import { toHelmValuesYaml } from "../core/helm-values";
import { sha256Hex } from "../core/encode";
import { PostgresSchemaGrant } from "./postgres-schema-grant";
import { hostnameProblem, namespaceNameProblem, nodePoolNameProblem } from "../core/naming";
import { grantNamespaceName, harborNamespaceProblem } from "./naming";
import { RESTRICTED_POD_SECURITY_LABELS } from "../core/pod-security";
import { DEFAULT_MONITORING_NAMESPACE } from "../core/network-policy";
import { AcmeChallenge, DNS_CREDENTIAL_KEYS } from "../ingress/acme";
import { TraefikIngress, servingTraefikOf } from "../ingress/traefik-ingress";
import { acmeEmailProblem } from "../ingress/platform-values";
import { HarborNamespaceObjects } from "./harbor-namespace-objects";
import { ScannerDatabaseMode, TRIVY_GITHUB_TOKEN_KEY, scannerDatabaseProblem } from "./scanner";
import { platformNodePlacement } from "../ingress/policy-values";
import { ServingTraefik } from "./namespace-values";

/** The PostgreSQL server Harbor uses; a `ManagedPostgres` satisfies it. */
export interface HarborDatabase {
  readonly privateHost: string;
  readonly port: number;
  readonly databaseName: string;
  readonly user: string;
  readonly password: string;
  /**
   * Node size slug; decides the connection budget. A token (an existing cluster's size, read at plan time) makes
   * the budget a Terraform expression, checked by a precondition on the release.
   */
  readonly size: string;
  /**
   * Database client pods of other Harbor instances on the same server (surge pods included); the budget divides the
   * server's connections among them and this release's pods. @default 0
   */
  readonly otherClientPods?: number;
  /** Used once, by a Job, to let `user` create tables (PostgreSQL 15+). */
  readonly adminUser: string;
  readonly adminPassword: string;
  /**
   * Identity of the server and database (e.g. `<cluster urn>/<database name>`), not secret: it goes into the grant's
   * values, so a replaced cluster (same names, new empty database) runs the grant again.
   */
  readonly databaseIdentity: string;
  /** The firewall that admits the cluster; the grant Job waits for it. @default - nothing to wait for */
  readonly firewall?: ITerraformDependable;
  /**
   * The database resource. A database replaced inside the same cluster keeps its names and identity, so the grant
   * release is replaced with it (`replace_triggered_by`) and its Job runs against the new, empty database.
   * @default - the grant re-runs only when `databaseIdentity` or the names change
   */
  readonly database?: TerraformResource;
  /**
   * The server's CA certificate (PEM; public), e.g. from `digitalocean_database_ca`. With it every client the
   * project runs (Harbor, the grant Job, the dump) verifies the server with {@link sslMode}.
   * @default - `sslmode=require`: encrypted, but any server is trusted
   */
  readonly caCertificate?: string;
  /**
   * How the server is verified against {@link caCertificate}: `verify-ca` (the chain) or `verify-full` (the chain
   * and that the certificate names {@link privateHost}).
   * @default "verify-ca"
   */
  readonly sslMode?: DatabaseSslMode;
}

/** The Valkey server Harbor uses (TLS); a `ManagedValkey` satisfies it. */
export interface HarborCache {
  readonly privateHost: string;
  readonly port: number;
  /**
   * The password, as a sensitive Terraform reference (the DigitalOcean provider marks it so). Its hash goes into
   * the release through `nonsensitive(sha256(...))`, which Terraform before 1.7 refuses for a value that is not
   * sensitive: pass a sensitive reference (or a sensitive variable), not a literal.
   */
  readonly password: string;
}

/** The bucket Harbor stores blobs in; a `RegistryBucket` satisfies it. */
export interface HarborStorage {
  readonly bucketName: string;
  readonly region: string;
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Properties of a {@link Harbor}. */
export interface HarborProps {
  /**
   * Host name users `docker login` to: a lowercase FQDN, without scheme or path, not an IP address. A Terraform
   * reference is not checked here.
   */
  readonly hostname: string;
  /** The PostgreSQL database; a `ManagedPostgres` satisfies it. */
  readonly database: HarborDatabase;
  /** The Valkey server; a `ManagedValkey` satisfies it. */
  readonly cache: HarborCache;
  /** The blob storage; a `RegistryBucket` satisfies it. */
  readonly storage: HarborStorage;
  /**
   * Namespace, created by this construct unless `createNamespace` is false: at most 54 characters, not `default`, `kube-*`, the ingress platform's
   * (`traefik`, `cert-manager`, or the `traefikNamespace` and `certManagerNamespace` of the TraefikIngress given as
   * `traefik`) or a name ending in `-db-grant` or `-backup` (reserved beside Harbor's).
   * @default "harbor"
   */
  readonly namespace?: string;
  /**
   * Create (and on destroy delete) the namespace. Off: the namespace must exist, and is neither changed nor deleted;
   * the schema grant's namespace is still created beside it.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Chart values of your own, merged over this construct's (mappings merge, lists replace): resources, node
   * selectors, tolerations, affinity, priority classes, image repositories and tags, log level... Keys that would
   * undo the wiring or bring secrets into the values are refused with the key and what to use instead
   * (`extraValuesProblems` in extra-values.ts). Strings may be Terraform references.
   * @default {}
   */
  readonly extraValues?: Record<string, unknown>;
  /** Helm release name: 1-30 lowercase letters, digits and hyphens. @default "harbor" */
  readonly releaseName?: string;
  /** Harbor chart version: an exact version, never a range. @default "1.19.1" */
  readonly chartVersion?: string;
  /**
   * Replicas of core, portal, registry, jobservice and trivy: 1-10, at least 2 with `highAvailability`. The
   * connection budget of `database.size` must leave each pod at least 5 connections.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * PodDisruptionBudgets and spreading pods over nodes; needs 2+ replicas.
   * @default true when replicas > 1
   */
  readonly highAvailability?: boolean;
  /** How clients reach Harbor. @default { type: "clusterIP" } (port-forward) */
  readonly expose?: HarborExpose;
  /** Seconds Helm waits for the release to become ready before rolling back. @default 1200 */
  readonly timeoutSeconds?: number;
  /**
   * Refuse to destroy the generated `secretKey` (`lifecycle.prevent_destroy`): Harbor encrypts the registry and
   * replication credentials it stores in the database with it, so a new key makes them unreadable. Protect it
   * whenever the database is protected.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Prometheus metrics: the chart's exporter (one pod, which also connects to PostgreSQL and Valkey; the connection
   * budget counts it) and the `/metrics` endpoints of core, registry and jobservice on port 8001, each behind an
   * `http-metrics` Service port, which the chart names `https-metrics` with `internalTls` (the endpoints still serve
   * plain HTTP: goharbor/harbor v2.15.1 src/lib/metric/server.go).
   * @default false
   */
  readonly metrics?: boolean;
  /**
   * A `monitoring.coreos.com/v1` ServiceMonitor for those endpoints; needs `metrics` and the Prometheus Operator's
   * CRDs already installed in the cluster (the release fails without them).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Harbor's internal TLS: core, jobservice, registry, portal and trivy serve HTTPS to each other with certificates
   * from a CA made here ({@link HarborInternalTls}), and verify each other against it.
   * @default true
   */
  readonly internalTls?: boolean;
  /**
   * Annotate the core and portal Services so that Traefik's Kubernetes Ingress provider connects to them over HTTPS
   * and verifies them through the ServersTransports in {@link Harbor.serversTransports}, which something must create
   * in the namespace (this construct's {@link Harbor.namespaceObjects}). Needs `internalTls`. Without it Traefik
   * checks core's and portal's internal-CA certificates against public CAs and answers 5xx.
   * @default - true when `traefik` is set and `internalTls` is on, else false
   */
  readonly traefikBackendTls?: boolean;
  /**
   * The only namespace whose pods may reach the metrics port (NetworkPolicy), when `metrics` is on.
   * @default "monitoring"
   */
  readonly monitoringNamespace?: string;
  /**
   * The platform's Traefik serves this Harbor: Traefik's Role in this namespace, the IngressRoute that answers 404
   * for `/service/notifications`, and the NetworkPolicies admit Traefik's namespace only. Give the
   * `TraefikIngress` itself: it then serves this namespace (`TraefikIngress.serveNamespace`, also from another
   * stack), and Harbor's namespace objects (Issuers, IngressRoute, ServersTransports) get a `depends_on` on the
   * Traefik and cert-manager releases that install their CRDs (in another stack: this stack depends on that one). A
   * plain `ServingTraefik` (names only) is for a Traefik deployed by another app, which must already watch this
   * namespace; nothing is added, checked or ordered then.
   * @default - none: an ingress controller of your own (admitted from any namespace) or port-forward
   */
  readonly traefik?: ServingTraefik | TraefikIngress;
  /**
   * Namespace of an ingress controller of your own (not `traefik`): the only namespace whose pods may reach core,
   * portal and the ACME solver pods. Core's `/service/notifications` takes no authentication, so leaving this unset
   * lets any pod of the cluster call it directly.
   * @default - the `traefik` namespace when set, else any namespace
   */
  readonly ingressControllerNamespace?: string;
  /**
   * A DOKS node pool reserved for the platform and Harbor (see `TraefikIngressProps.nodePool`): every Harbor
   * component, the schema grant Job and the ACME HTTP-01 solver pods get its node selector and the `harbor-doks.io/platform` toleration.
   * @default - none: the scheduler places the pods on any node
   */
  readonly nodePool?: string;
  /**
   * Let's Encrypt Issuers (production and staging) in this namespace, for `expose.issuer` of kind `Issuer`.
   * @default - none (an issuer of your own)
   */
  readonly issuers?: HarborIssuers;
  /**
   * Where the scanner gets its vulnerability databases, and a GitHub token for the downloads.
   * @default - the chart's public repositories, anonymously
   */
  readonly scanner?: HarborScanner;
}

/** Where Harbor's scanner (Trivy) gets its vulnerability databases, see {@link HarborProps.scanner}. */
export interface HarborScanner {
  /**
   * `mirrors`: the chart's public repositories (mirror.gcr.io, then ghcr.io), anonymous and rate-limited.
   * `proxy-cache`: `<hostname>/<proxyCacheProject>/aquasecurity/trivy-db` (and `trivy-java-db`) first, then the public
   * ones; the project must be a proxy cache of ghcr.io that anonymous clients may pull from (`public`), because the
   * scanner sends no credentials for database pulls. `offline`: no downloads and no online lookups (`skipUpdate`,
   * `skipJavaDBUpdate`, `offlineScan`); the databases are copied into the scanner's volume by hand (docs/day-2.md,
   * "Scanner database and audit logs").
   * @default "mirrors"
   */
  readonly database?: ScannerDatabaseMode;
  /** The proxy-cache project of ghcr.io, with `database: "proxy-cache"`. @default - none */
  readonly proxyCacheProject?: string;
  /**
   * A GitHub token for the database downloads, as a sensitive reference (e.g. a sensitive variable; Terraform before
   * 1.7 refuses the `nonsensitive` of its hash otherwise). It goes into a Secret of its own, which the trivy container
   * reads; the Helm values get only a hash that rolls the trivy pods when the token changes.
   * @default - anonymous downloads
   */
  readonly githubToken?: string;
  /** Checks on the token when its Secret is created or updated, e.g. non-empty. @default [] */
  readonly githubTokenPreconditions?: Precondition[];
}

/** The ACME Issuers of a Harbor namespace, see {@link HarborProps.issuers}. */
export interface HarborIssuers {
  /** ACME account e-mail. */
  readonly email: string;
  readonly challenge: AcmeChallenge;
  /**
   * DNS-01 credentials (sensitive references) keyed as `DNS_CREDENTIAL_KEYS[provider]`; a Secret beside the Issuers.
   * @default - none (HTTP-01)
   */
  readonly dnsCredentials?: Readonly<Record<string, string>>;
  /** Checks on the credentials when their Secret is created or updated, e.g. non-empty. @default [] */
  readonly dnsCredentialPreconditions?: Precondition[];
}

/** Harbor's built-in administrator, whose password this construct generates. */
export const HARBOR_ADMIN_USER = "admin";

/**
 * Harbor from its official chart, wired to external PostgreSQL, Valkey (TLS) and S3 storage. Every
 * secret is generated in Terraform or taken from the data layer and handed over in Kubernetes
 * Secrets that the chart's `existingSecret*` keys name, except the Valkey password: the chart would
 * copy that one into ConfigMaps, so the components read it from our Secret through `extraEnvVars`.
 * The Helm values hold no secret, only a hash of the Valkey password that rolls the pods when it changes.
 * Providers: the stack needs KubernetesProvider, HelmProvider (ExistingDoksCluster adds both), RandomProvider, TlsProvider.
 */
export class Harbor extends Construct {
  /** Harbor's namespace (its name, not a reference). */
  public readonly harborNamespace: string;
  public readonly releaseName: string;
  /** `https://<hostname>`. */
  public readonly harborUrl: string;
  /** The generated admin password (sensitive reference). */
  public readonly adminPassword: string;
  /** Names of the Secrets the release reads. */
  public readonly secretNames: HarborSecretNames;
  /** The Helm values, exactly as synthesized (YAML with Terraform references). */
  public readonly valuesYaml: string;
  public readonly release: Release;
  /** Issuers, NetworkPolicies and Traefik's access in the namespace (local chart harbor-namespace). */
  public readonly namespaceObjects: HarborNamespaceObjects;
  /** The internal CA and certificates, when `internalTls` is on. */
  public readonly internalTls?: HarborInternalTls;
  /** The Traefik ServersTransports the core and portal Services refer to; empty unless `traefikBackendTls`. */
  public readonly serversTransports: ServersTransportSpec[];

  constructor(scope: Construct, id: string, props: HarborProps) {
    super(scope, id);
    const namespace = props.namespace ?? DEFAULT_HARBOR_NAMESPACE;
    const releaseName = props.releaseName ?? "harbor";
    const replicas = props.replicas ?? 2;
    const highAvailability = props.highAvailability ?? replicas > 1;
    const timeoutSeconds = props.timeoutSeconds ?? 1200;
    const protect = props.protect ?? true;
    const metrics = props.metrics ?? false;
    const serviceMonitor = props.serviceMonitor ?? false;
    checkProp(this, "hostname", props.hostname, hostnameProblem(props.hostname));
    checkProp(this, "namespace", namespace, harborNamespaceProblem(namespace));
    if (props.nodePool !== undefined) checkProp(this, "nodePool", props.nodePool, nodePoolNameProblem(props.nodePool));
    if (props.monitoringNamespace !== undefined) {
      const problem = namespaceNameProblem(props.monitoringNamespace);
      checkProp(this, "monitoringNamespace", props.monitoringNamespace, problem);
    }
    if (props.ingressControllerNamespace !== undefined) {
      const problem = namespaceNameProblem(props.ingressControllerNamespace);
      checkProp(this, "ingressControllerNamespace", props.ingressControllerNamespace, problem);
    }
    const traefikIngress = props.traefik instanceof TraefikIngress ? props.traefik : undefined;
    const traefik: ServingTraefik | undefined =
      traefikIngress !== undefined ? servingTraefikOf(traefikIngress) : (props.traefik as ServingTraefik | undefined);
    if (traefik !== undefined) {
      checkProp(this, "traefik.namespace", traefik.namespace, namespaceNameProblem(traefik.namespace));
    }
    const sameNamespace = TerraformStack.of(this)
      .node.findAll()
      .find((c) => c !== this && c instanceof Harbor && c.harborNamespace === namespace);
    if (sameNamespace !== undefined) {
      throw new ValidationError(
        this,
        "namespace",
        `"${namespace}" is already the namespace of ${sameNamespace.node.path} in this stack: two Harbors in one ` +
          "namespace would fight over its objects (the harbor-namespace release, Issuers, NetworkPolicies); give " +
          "each its own namespace",
      );
    }
    if (traefikIngress !== undefined && Token.isUnresolved(namespace)) {
      throw new ValidationError(
        this,
        "namespace",
        `must be a literal name behind ${traefikIngress.node.path}, which serves namespaces by name (a lookup named ` +
          "after each); give the name itself, not a Terraform reference",
      );
    }
    const platformNamespace = [traefikIngress?.traefikNamespace, traefikIngress?.certManagerNamespace].find(
      (ns) => ns !== undefined && ns === namespace,
    );
    if (traefikIngress !== undefined && platformNamespace !== undefined) {
      throw new ValidationError(
        this,
        "namespace",
        `"${namespace}" is a namespace of ${traefikIngress.node.path} (its traefikNamespace or certManagerNamespace): ` +
          "Harbor's namespace objects and the platform's would both own it (the NetworkPolicy default-deny-ingress), " +
          "and the apply would fail; give Harbor a namespace of its own",
      );
    }
    if (props.issuers !== undefined) {
      checkProp(this, "issuers.email", props.issuers.email, acmeEmailProblem(props.issuers.email));
    }
    // The chart names objects "<release>-<component>"; keep room under Kubernetes' 63-char limit.
    checkProp(
      this,
      "releaseName",
      releaseName,
      /^[a-z][a-z0-9-]{0,29}$/.test(releaseName)
        ? undefined
        : "must be 1-30 lowercase letters, digits and hyphens, starting with a letter",
    );
    checkProp(this, "replicas", replicas, harborReplicasProblem(replicas, highAvailability));
    checkProp(
      this,
      "timeoutSeconds",
      timeoutSeconds,
      wholeNumberProblem(timeoutSeconds, 900) &&
        "must be a whole number of at least 900 (a first install pulls images and migrates the database)",
    );
    if (props.chartVersion !== undefined) {
      checkProp(this, "chartVersion", props.chartVersion, chartVersionProblem(props.chartVersion));
    }
    const internalTls = props.internalTls ?? true;
    const traefikBackendTls = props.traefikBackendTls ?? (traefik !== undefined && internalTls);
    if (traefikBackendTls && !internalTls) {
      throw new ValidationError(
        this,
        "traefikBackendTls",
        "needs internalTls: without it core and portal serve plain HTTP; set internalTls: true or traefikBackendTls: false",
      );
    }
    const sslMode = props.database.sslMode ?? DEFAULT_DATABASE_SSL_MODE;
    checkProp(this, "database.sslMode", sslMode, databaseSslModeProblem(sslMode));
    if (serviceMonitor && !metrics) {
      throw new ValidationError(
        this,
        "serviceMonitor",
        "needs metrics: the ServiceMonitor scrapes the metrics endpoints; set metrics: true or serviceMonitor: false",
      );
    }

    const scanner = props.scanner ?? {};
    const scannerProblem = scannerDatabaseProblem(
      scanner.database ?? "mirrors",
      scanner.proxyCacheProject,
      scanner.githubToken !== undefined,
    );
    if (scannerProblem !== undefined) {
      throw new ValidationError(this, `scanner.${scannerProblem.prop}`, scannerProblem.message);
    }

    const extraValueProblems = extraValuesProblems(props.extraValues ?? {}, props.chartVersion);
    if (extraValueProblems.length > 0) {
      const [first] = extraValueProblems;
      throw new ValidationError(
        this,
        `extraValues.${first.path}`,
        first.message +
          (extraValueProblems.length > 1 ? ` (and ${extraValueProblems.length - 1} more refused keys)` : ""),
      );
    }

    // The exporter opens its own PostgreSQL pool, sized like every other pod's.
    const clients = { core: replicas, jobservice: replicas, exporter: metrics ? EXPORTER_REPLICAS : 0 };
    const otherClientPods = props.database.otherClientPods ?? 0;
    const planTimeBudget = Token.isUnresolved(props.database.size)
      ? planTimeConnectionBudget(props.database.size, connectionBudgetPods(clients) + otherClientPods)
      : undefined;
    if (planTimeBudget === undefined) {
      checkProp(
        this,
        "database.size",
        props.database.size,
        connectionBudgetProblem(props.database.size, clients, otherClientPods),
      );
    }
    const budget = planTimeBudget ?? connectionBudget(props.database.size, clients, otherClientPods);
    this.harborNamespace = namespace;
    this.releaseName = releaseName;
    this.harborUrl = `https://${props.hostname}`;
    this.secretNames = harborSecretNames(releaseName);
    const names = this.secretNames;

    const ns =
      (props.createNamespace ?? true)
        ? new NamespaceV1(this, "Namespace", {
            metadata: {
              name: namespace,
              labels: { [MANAGED_BY_LABEL.key]: MANAGED_BY_LABEL.value, ...RESTRICTED_POD_SECURITY_LABELS },
            },
          })
        : undefined;
    const namespaceName =
      ns?.metadata.name ?? new ExistingNamespace(this, "ExistingNamespace", { name: namespace }).namespaceName;
    const inNamespace = (name: string) => ({ name, namespace: namespaceName });
    const secret = (secretId: string, name: string, data: Record<string, string>, type?: string) =>
      new SecretV1(this, secretId, { metadata: inNamespace(name), data, type });
    // Alphanumeric: these end up in config files and URLs where some symbols would need escaping.
    const random = (
      randomId: string,
      length: number,
      extra: Partial<{ minUpper: number; lifecycle: { preventDestroy: boolean } }> = {},
    ) => new Password(this, randomId, { length, special: false, minLower: 1, minNumeric: 1, ...extra });

    this.adminPassword = random("AdminPassword", 32, { minUpper: 1 }).result;
    const registryPassword = random("RegistryPassword", 32);
    const tokenKey = new PrivateKey(this, "TokenKey", { algorithm: "RSA", rsaBits: 4096 });
    const tokenCert = new SelfSignedCert(this, "TokenCert", {
      privateKeyPem: tokenKey.privateKeyPem,
      subject: [{ commonName: "harbor-token-ca" }],
      validityPeriodHours: 10 * 365 * 24,
      allowedUses: ["digital_signature", "cert_signing"],
      isCaCertificate: true,
    });

    const secrets = [
      secret("AdminSecret", names.admin, { HARBOR_ADMIN_PASSWORD: this.adminPassword }),
      secret("SecretKey", names.secretKey, {
        secretKey: random("SecretKeyValue", 16, { lifecycle: { preventDestroy: protect } }).result,
      }),
      secret("CoreSecret", names.core, { secret: random("CoreSecretValue", 16).result }),
      secret("XsrfSecret", names.xsrf, { CSRF_KEY: random("XsrfKey", 32).result }),
      secret(
        "TokenCertSecret",
        names.tokenCert,
        { "tls.key": tokenKey.privateKeyPem, "tls.crt": tokenCert.certPem },
        "kubernetes.io/tls",
      ),
      secret("JobserviceSecret", names.jobservice, { JOBSERVICE_SECRET: random("JobserviceSecretValue", 16).result }),
      secret("RegistryHttpSecret", names.registryHttp, {
        REGISTRY_HTTP_SECRET: random("RegistryHttpSecretValue", 16).result,
      }),
      secret("RegistryCredentials", names.registryCredentials, {
        REGISTRY_PASSWD: registryPassword.result,
        REGISTRY_HTPASSWD: `${REGISTRY_USERNAME}:${registryPassword.bcryptHash}`,
      }),
      secret("DatabaseSecret", names.database, { password: props.database.password }),
      secret(
        "ValkeySecret",
        names.valkey,
        valkeySecretData({
          host: props.cache.privateHost,
          port: Token.asString(props.cache.port),
          password: props.cache.password,
          urlEncodedPassword: Fn.urlencode(props.cache.password),
        }),
      ),
      secret("S3Secret", names.s3, {
        REGISTRY_STORAGE_S3_ACCESSKEY: props.storage.accessKeyId,
        REGISTRY_STORAGE_S3_SECRETKEY: props.storage.secretAccessKey,
      }),
    ];
    if (scanner.githubToken !== undefined) {
      secrets.push(
        new SecretV1(this, "TrivyGithubToken", {
          metadata: inNamespace(names.trivyGithubToken),
          data: { [TRIVY_GITHUB_TOKEN_KEY]: scanner.githubToken },
          lifecycle: scanner.githubTokenPreconditions && { precondition: scanner.githubTokenPreconditions },
        }),
      );
    }
    // Public, but the chart mounts `caBundleSecretName` as a Secret volume.
    const databaseCa = props.database.caCertificate;
    if (databaseCa !== undefined) {
      secrets.push(secret("DatabaseCaSecret", names.databaseCa, { "ca.crt": databaseCa }));
    }
    if (internalTls) {
      this.internalTls = new HarborInternalTls(this, "InternalTls", {
        namespace: namespaceName,
        namespaceName: namespace,
        releaseName,
      });
      secrets.push(...this.internalTls.secrets);
    }
    this.serversTransports =
      traefikBackendTls && this.internalTls
        ? harborServersTransports(releaseName, namespace, this.internalTls.secretNames.ca)
        : [];

    const grant = new PostgresSchemaGrant(this, "DatabaseGrant", {
      host: props.database.privateHost,
      port: props.database.port,
      databaseName: props.database.databaseName,
      grantee: props.database.user,
      adminUser: props.database.adminUser,
      adminPassword: props.database.adminPassword,
      databaseIdentity: props.database.databaseIdentity,
      caCertificate: databaseCa,
      sslMode,
      // Beside Harbor's namespace, never inside it: the doadmin password must not sit where Harbor's Secrets do.
      namespace: grantNamespaceName(namespace),
      dependsOn: props.database.firewall ? [props.database.firewall] : [],
      name: `${releaseName}-doks-db-grant`,
      nodePool: props.nodePool,
      // A database dropped and created under the same name keeps its identity; its replacement still re-grants.
      replaceTriggeredBy: props.database.database ? [props.database.database] : [],
    });

    const expose = props.expose ?? { type: "clusterIP" };
    if (props.issuers !== undefined) checkIssuers(this, props.issuers, expose, traefikIngress);
    this.namespaceObjects = new HarborNamespaceObjects(this, "NamespaceObjects", {
      namespace: namespaceName,
      values: {
        releaseName,
        hostname: props.hostname,
        tlsSecretName: expose.type === "ingress" ? expose.tlsSecretName : "",
        ingress: expose.type === "ingress",
        ownsNamespace: ns !== undefined,
        ingressNamespace: traefik?.namespace ?? props.ingressControllerNamespace,
        metricsNamespace: metrics ? (props.monitoringNamespace ?? DEFAULT_MONITORING_NAMESPACE) : undefined,
        issuers: props.issuers && { email: props.issuers.email, challenge: props.issuers.challenge },
        solverPlacement: props.nodePool === undefined ? undefined : platformNodePlacement(props.nodePool),
        traefik,
      },
      dnsCredentials: props.issuers?.dnsCredentials,
      dnsCredentialPreconditions: props.issuers?.dnsCredentialPreconditions,
      serversTransports: this.serversTransports,
      // The CA Secret the ServersTransports read.
      dependsOn: this.internalTls ? [this.internalTls.caSecret] : [],
    });

    if (traefikIngress !== undefined) {
      // Once every prop has passed its checks, so a refused Harbor leaves the TraefikIngress as it was.
      traefikIngress.serveNamespace(namespace);
      this.orderAfter(traefikIngress);
    }
    // `harbor.node.addDependency(ingress)` orders the namespace objects too (cdktf itself turns it into nothing).
    Aspects.of(this).add({
      visit: (node) => {
        if (node !== this) return;
        for (const dependency of this.node.dependencies) {
          const ingress = servingIngressOf(dependency);
          if (ingress !== undefined) this.orderAfter(ingress);
        }
      },
    });

    this.valuesYaml = toHelmValuesYaml(
      mergeValues(
        withHarborPlacement(
          buildHarborValues({
            hostname: props.hostname,
            replicas,
            highAvailability,
            database: {
              host: props.database.privateHost,
              port: Token.asString(props.database.port),
              user: props.database.user,
              name: props.database.databaseName,
              tls:
                databaseCa !== undefined
                  ? { sslMode, caBundleSecretName: names.databaseCa, caCertificateHash: sha256Hex(databaseCa) }
                  : undefined,
            },
            maxOpenConns: budget.maxOpenConns,
            maxIdleConns: budget.maxIdleConns,
            valkey: {
              host: props.cache.privateHost,
              port: Token.asString(props.cache.port),
              // A hash, never the password. `nonsensitive`: the provider marks the password sensitive and Terraform
              // carries that through sha256, which would hide the whole values diff of every plan as "(sensitive
              // value)"; a SHA-256 of a random server-generated password discloses nothing usable.
              passwordHash: Token.asString(Fn.nonsensitive(Fn.sha256(props.cache.password))),
            },
            storage: {
              bucket: props.storage.bucketName,
              region: props.storage.region,
              endpoint: props.storage.endpoint,
            },
            secrets: names,
            expose,
            metrics: metrics ? { serviceMonitor } : undefined,
            internalTls: this.internalTls
              ? { secretNames: this.internalTls.secretNames, certificatesHash: this.internalTls.certificatesHash }
              : undefined,
            serviceAnnotations: traefikBackendTls ? traefikBackendAnnotations(releaseName, namespace) : undefined,
            scannerDatabase: {
              mode: scanner.database ?? "mirrors",
              hostname: props.hostname,
              proxyCacheProject: scanner.proxyCacheProject,
            },
            trivyGithubTokenSecretName: scanner.githubToken === undefined ? undefined : names.trivyGithubToken,
            // As for the Valkey password: a hash rolls the pods; `nonsensitive` keeps the values diff readable.
            trivyGithubTokenHash:
              scanner.githubToken === undefined
                ? undefined
                : Token.asString(Fn.nonsensitive(Fn.sha256(scanner.githubToken))),
          }),
          props.nodePool,
        ),
        props.extraValues ?? {},
      ),
    );

    this.release = new Release(this, "Release", {
      name: releaseName,
      namespace: namespaceName,
      repository: HARBOR_CHART_REPOSITORY,
      chart: "harbor",
      version: props.chartVersion ?? DEFAULT_HARBOR_CHART_VERSION,
      values: [this.valuesYaml],
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      timeout: timeoutSeconds,
      maxHistory: 5,
      // Leaves trivy's own Valkey URL (from our Secret) as the only SCANNER_REDIS_URL; see trivyPostRenderScript.
      postrender: { binaryPath: "sh", args: ["-c", trivyPostRenderScript(scanner.githubToken !== undefined)] },
      // The Issuers first: cert-manager reads the Ingress's issuer annotation as soon as the Ingress exists.
      dependsOn: [...secrets, grant.release, this.namespaceObjects.release],
      lifecycle: planTimeBudget ? { precondition: [planTimeBudget.precondition] } : undefined,
    });
  }

  /**
   * The namespace objects are custom resources of Traefik and cert-manager: they come after the releases that
   * install the CRDs (Traefik chart 41.3.0 crds/, installed by Helm before its templates; cert-manager v1.21.1
   * `crds.enabled`, applied with the release, which `wait` holds until ready). In one stack a `depends_on` orders
   * them; across stacks only the stack order can.
   */
  private orderAfter(ingress: TraefikIngress): void {
    const here = TerraformStack.of(this);
    const there = TerraformStack.of(ingress);
    if (here !== there) {
      here.addDependency(there);
      return;
    }
    const release = this.namespaceObjects.release;
    const current = release.dependsOn ?? [];
    for (const crds of [ingress.traefikRelease, ingress.certManagerRelease]) {
      // The form cdktf gives the `dependsOn` of a resource's config (tfExpression `dependable`).
      const reference = dependable(crds);
      if (!current.includes(reference)) current.push(reference);
    }
    release.dependsOn = current;
  }

  /** @deprecated Use {@link Harbor.harborNamespace}; removed in the next release. */
  public get namespace(): string {
    return this.harborNamespace;
  }

  /** @deprecated Use {@link Harbor.harborUrl}; removed in the next release. */
  public get url(): string {
    return this.harborUrl;
  }

  /** `kubectl` command that prints the admin password. */
  public adminPasswordCommand(): string {
    return (
      `kubectl -n ${this.harborNamespace} get secret ${this.secretNames.admin} ` +
      `-o jsonpath='{.data.HARBOR_ADMIN_PASSWORD}' | base64 -d`
    );
  }
}

/** The TraefikIngress a node dependency stands for: the ingress itself, or a construct that holds one as `ingress`. */
function servingIngressOf(dependency: IConstruct): TraefikIngress | undefined {
  if (dependency instanceof TraefikIngress) return dependency;
  const held = (dependency as { ingress?: unknown }).ingress;
  return held instanceof TraefikIngress ? held : undefined;
}

/** The rules between Harbor's Issuers, how it is exposed and the Traefik that serves it. */
function checkIssuers(
  harbor: Harbor,
  issuers: HarborIssuers,
  expose: HarborExpose,
  traefikIngress: TraefikIngress | undefined,
): void {
  if (expose.type !== "ingress") {
    throw new ValidationError(
      harbor,
      "issuers",
      `need an Ingress to issue a certificate for, but expose is ${JSON.stringify(expose)}: set expose to ` +
        '{ type: "ingress", ... } or leave issuers out',
    );
  }
  const challenge = issuers.challenge;
  if (challenge.type !== "dns01") return;
  const missing = DNS_CREDENTIAL_KEYS[challenge.provider].filter((key) => issuers.dnsCredentials?.[key] === undefined);
  if (missing.length > 0) {
    throw new ValidationError(
      harbor,
      "issuers.dnsCredentials",
      `lacks ${missing.map((key) => JSON.stringify(key)).join(", ")}: DNS-01 with ${challenge.provider} writes TXT ` +
        `records with these credentials; pass them (sensitive references, e.g. a TerraformVariable with sensitive: ` +
        `true) or use challenge { type: "http01" }`,
    );
  }
  if (traefikIngress !== undefined && !traefikIngress.dns01) {
    throw new ValidationError(
      harbor,
      "issuers.challenge",
      `is dns01, but ${traefikIngress.node.path} was made without dns01 (cert-manager then checks the TXT records ` +
        "with the cluster's own resolvers): set dns01: true on it",
    );
  }
}

/** Harbor chart 1.19.1 places each component by its own `nodeSelector` and `tolerations` (values.yaml). */
const HARBOR_PLACED_COMPONENTS = ["nginx", "portal", "core", "jobservice", "registry", "trivy", "exporter"] as const;

function withHarborPlacement(values: Record<string, unknown>, nodePool: string | undefined): Record<string, unknown> {
  if (nodePool === undefined) return values;
  const placement = platformNodePlacement(nodePool);
  return mergeValues(values, Object.fromEntries(HARBOR_PLACED_COMPONENTS.map((component) => [component, placement])));
}
