import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { SpacesBucket } from "@cdktf/provider-digitalocean/lib/spaces-bucket";
import { SpacesKey } from "@cdktf/provider-digitalocean/lib/spaces-key";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { RESTRICTED_POD_SECURITY_LABELS } from "../core/pod-security";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { kubernetesSchedule, kubernetesScheduleProblem } from "../harbor/cron";
import { ValidationError } from "../core/errors";
import { checkProp, wholeNumberProblem } from "../core/validation";
import { bucketNameProblem } from "../digitalocean/naming";
import { regionProblem } from "../digitalocean/regions";
import { digestPinnedImageProblem, namespaceNameProblem, nodePoolNameProblem } from "../core/naming";
import { toHelmValuesYaml } from "../core/helm-values";
import { platformNodePlacement } from "../ingress/policy-values";
import { base64Encode } from "../core/encode";
import { DEFAULT_DATABASE_SSL_MODE, DatabaseSslMode, databaseSslModeProblem } from "../harbor/database-tls";
import { LocalChart } from "../core/local-chart";
import { POSTGRES_GRANT_IMAGE } from "../harbor/postgres-schema-grant";
import { REGISTRY_ROOT } from "../harbor/harbor-values";
import { chartVersionProblem } from "../harbor/chart";
import { TerraformData, resourceAddress } from "../core/terraform-data";

/**
 * rclone 1.75.1 (`rclone/rclone`, Docker Hub), pinned by the digest of its multi-platform image index. The same
 * digest is pinned for this tag, independently, by many public repositories (Dockerfiles and backup scripts found by
 * code search); check it with `docker buildx imagetools inspect rclone/rclone:1.75.1`. The image is Alpine-based and
 * runs any uid; the pods run it as 65534 (nobody).
 */
export const RCLONE_IMAGE =
  "rclone/rclone:1.75.1@sha256:45401ad7410db1d67ffdb58e19059ad20b0d8e0285a60e38bbec55cc1019c7a5";

/**
 * pg_dump 17 (`postgres:17.11-alpine`, the grant Job's image, see {@link POSTGRES_GRANT_IMAGE}): pg_dump reads servers
 * of its own major and older, so it dumps every PostgreSQL version the config allows (15-17).
 */
export const BACKUP_POSTGRES_IMAGE = POSTGRES_GRANT_IMAGE;

/** Prefix of the database dumps in the backup bucket, outside the registry tree that the blob sync mirrors. */
export const DUMP_PREFIX = "database/";

/**
 * Object key of the dump of `databaseName` that started at `utcStamp` (`YYYYMMDDTHHMMSSZ`, e.g. `20261123T023000Z`):
 * charts/registry-backup/files/dump.sh names it `$PGDATABASE-<stamp>.dump`, and the upload puts it under
 * {@link DUMP_PREFIX}.
 */
export function dumpObjectKey(databaseName: string, utcStamp: string): string {
  return `${DUMP_PREFIX}${databaseName}-${utcStamp}.dump`;
}

/**
 * Object key of the dump taken before Harbor's chart changed from version `from` to `to` (the pre-upgrade dump, see
 * {@link OffRegionBackupProps.harborChartVersion}); `from` is `unknown` when the release had recorded no version.
 */
export function upgradeDumpObjectKey(databaseName: string, from: string, to: string, utcStamp: string): string {
  return dumpObjectKey(databaseName, `${from}-to-${to}-${utcStamp}`);
}

/**
 * How docs/restore-runbook.md restores a dump, as Harbor's own user, into the `registry` database of a NEW instance
 * whose Harbor has already started once (and so created an empty schema of the same version), with Harbor stopped:
 * `--clean --if-exists` drops each object of the dump before recreating it; `--no-owner` and `--no-privileges` skip
 * the `ALTER ... OWNER` and `GRANT` statements, so everything belongs to the restoring user whatever the old one was
 * called, and schema public's grants stay the new grant Job's; `--single-transaction --exit-on-error` leaves the
 * database as it was on any error.
 * Tested against PostgreSQL 17 (__tests__/charts/registry-backup-roundtrip.test.ts).
 */
export const PG_RESTORE_ARGS: readonly string[] = [
  "--clean",
  "--if-exists",
  "--no-owner",
  "--no-privileges",
  "--single-transaction",
  "--exit-on-error",
];

/** Helm release names are at most 53 characters; the CronJobs add `-database` (9) and must stay within 52. */
export const RELEASE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,41}[a-z0-9])?$/;

/**
 * The database a dump reads, as Harbor's own user: private host, port, database name, Harbor's user and its password
 * (sensitive reference, which reaches the pod through a Secret only), and optionally the server's CA certificate
 * (PEM; public) that pg_dump verifies the server against with `sslMode` (`verify-ca` by default, or `verify-full`);
 * without it `sslmode=require`.
 */
export interface DumpDatabase {
  /** Private host of the server. */
  readonly host: string;
  /** Port of the server (DigitalOcean's managed PostgreSQL listens on 25060). */
  readonly port: number;
  /** Database name. */
  readonly name: string;
  /** Harbor's user, which owns the database's tables. */
  readonly user: string;
  /** Its password (sensitive reference). */
  readonly password: string;
  /** @default - none: `sslmode=require` */
  readonly caCertificate?: string;
  /** @default "verify-ca" */
  readonly sslMode?: DatabaseSslMode;
}

/**
 * The data of the Secret the chart's Jobs read (`credentialsSecret`), under the key names they use: the Spaces key
 * they write with and the database password. Neither ever reaches the values.
 */
export function dumpCredentials(
  spacesAccessKeyId: string,
  spacesSecretAccessKey: string,
  databasePassword: string,
): Record<string, string> {
  return {
    SPACES_ACCESS_KEY_ID: spacesAccessKeyId,
    SPACES_SECRET_ACCESS_KEY: spacesSecretAccessKey,
    PGPASSWORD: databasePassword,
  };
}

/**
 * The timeout of a release whose upgrade runs the dump as a pre-upgrade hook: Helm waits for a hook within the
 * release's timeout (helm v3 pkg/action/hooks.go execHook), so it outlasts the Job's own deadline, and the Job's
 * deadline, not Helm's, decides when a dump has failed.
 */
export function dumpHookTimeoutSeconds(dumpDeadlineSeconds: number): number {
  return dumpDeadlineSeconds + 300;
}

/** The chart's `database` values of a dump (no password: that comes from the release's Secret). */
export function dumpDatabaseValues(database: DumpDatabase, sslMode: DatabaseSslMode): Record<string, string> {
  return {
    host: database.host,
    port: Token.asString(database.port),
    name: database.name,
    user: database.user,
    // Base64: a PEM's line breaks would not survive Terraform's interpolation into a quoted YAML scalar.
    ...(database.caCertificate !== undefined
      ? { caCertificateBase64: base64Encode(database.caCertificate), sslMode }
      : {}),
  };
}

/** Properties of an {@link OffRegionBackup}. */
export interface OffRegionBackupProps {
  /** Name of the backup bucket (unique in its region across all customers). */
  readonly bucketName: string;
  /** Spaces region of the backup bucket; must differ from {@link primaryRegion}. */
  readonly region: string;
  /** Harbor's bucket (name or reference), which the backup key may only read. */
  readonly primaryBucketName: string;
  /** Region of Harbor's bucket. */
  readonly primaryRegion: string;
  /** Harbor's database. */
  readonly database: DumpDatabase;
  /**
   * Namespace CREATED here for the CronJobs and their Secret, holding nothing else (Pod Security "restricted"
   * enforced): the backup key can delete backups, so it does not sit where Harbor's Secrets are read.
   */
  readonly namespace: string;
  /**
   * A DOKS node pool reserved for the platform and Harbor (`TraefikIngressProps.nodePool`): the Job's pods get its node
   * selector and toleration.
   * @default - none
   */
  readonly nodePool?: string;
  /** When both jobs run: a 6-field cron with second 0, in UTC. @default "0 30 2 * * *" (02:30 UTC daily) */
  readonly schedule?: string;
  /**
   * Days a dump is kept, and days a blob deleted or overwritten at the primary stays recoverable in the backup.
   * @default 30
   */
  readonly keepDays?: number;
  /**
   * Refuse to destroy the backup bucket (`prevent_destroy`); a new bucket name is a replacement too, so it fails at
   * plan time.
   * @default true
   */
  readonly protect?: boolean;
  /** Release name, prefix of the CronJobs' and the Secret's names. @default "harbor-doks-backup" */
  readonly name?: string;
  /** Seconds a blob sync may run before it is stopped. @default 21600 (6 hours) */
  readonly blobSyncDeadlineSeconds?: number;
  /** Seconds a dump and its upload may take. @default 3600 */
  readonly dumpDeadlineSeconds?: number;
  /** rclone image, pinned by digest. @default RCLONE_IMAGE */
  readonly rcloneImage?: string;
  /** Image with pg_dump (major >= the server's), pinned by digest. @default BACKUP_POSTGRES_IMAGE */
  readonly postgresImage?: string;
  /**
   * Harbor's chart version. Set, the release records it, and an upgrade of the release that changes it first runs a
   * one-shot dump of the database (a Helm pre-upgrade hook Job, one attempt within `dumpDeadlineSeconds`) into
   * `database/<db>-<from>-to-<to>-<UTC time>.dump` of the backup bucket; when the dump fails, the upgrade fails and
   * rolls back. Make Harbor's release depend on {@link OffRegionBackup.release} so it changes version only after the
   * dump (`HarborOnDoks` does).
   * @default - no version recorded, no pre-upgrade dump
   */
  readonly harborChartVersion?: string;
  /** What the release waits for, e.g. the database firewall. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An off-region copy of a Harbor registry: a versioned, private Spaces bucket in another region, a Spaces key that
 * may only read Harbor's bucket and read and write the backup bucket, and (from the local chart
 * `charts/registry-backup`) two CronJobs: one mirrors the registry storage into the backup bucket with rclone, one
 * writes a `pg_dump --format=custom` of the database into `database/` of the backup bucket. With
 * `harborChartVersion`, a change of Harbor's version first runs the same dump once, as a pre-upgrade hook that must
 * succeed for the release to upgrade (see {@link OffRegionBackupProps.harborChartVersion}).
 *
 * Lifecycle of the backup bucket: blobs mirrored from the primary are never rewritten, so current objects under the
 * registry tree never expire (they are the backup); what the sync deletes or overwrites becomes a noncurrent version
 * that expires after `keepDays`. Dumps are new objects every run, so current objects under `database/` expire after
 * `keepDays` (versioning keeps an expired dump as a noncurrent version `keepDays` more).
 * Providers: the stack needs DigitaloceanProvider, KubernetesProvider and HelmProvider.
 */
export class OffRegionBackup extends Construct {
  /** Backup bucket name. */
  public readonly bucketName: string;
  /** Backup region. */
  public readonly bucketRegion: string;
  /** S3 endpoint of the backup region. */
  public readonly bucketEndpoint: string;
  /** The backup bucket. */
  public readonly bucket: SpacesBucket;
  /** The key that reads the primary bucket and writes the backup bucket. */
  public readonly key: SpacesKey;
  /** The record of the bucket name; its replacement replaces the bucket. */
  public readonly nameRecord: TerraformData;
  /** The Helm release with the CronJobs. */
  public readonly release: Release;
  /** The CronJob schedule (5 fields, UTC). */
  public readonly kubernetesSchedule: string;

  constructor(scope: Construct, id: string, props: OffRegionBackupProps) {
    super(scope, id);
    const name = props.name ?? "harbor-doks-backup";
    const keepDays = props.keepDays ?? 30;
    const blobDeadline = props.blobSyncDeadlineSeconds ?? 21_600;
    const dumpDeadline = props.dumpDeadlineSeconds ?? 3_600;
    const rcloneImage = props.rcloneImage ?? RCLONE_IMAGE;
    const postgresImage = props.postgresImage ?? BACKUP_POSTGRES_IMAGE;
    checkProp(this, "bucketName", props.bucketName, bucketNameProblem(props.bucketName));
    checkProp(this, "region", props.region, regionProblem("spaces", props.region));
    if (props.region === props.primaryRegion) {
      throw new ValidationError(
        this,
        "region",
        `must differ from primaryRegion (${props.primaryRegion}): a backup in the same region is lost with it`,
      );
    }
    checkProp(this, "namespace", props.namespace, namespaceNameProblem(props.namespace));
    if (props.nodePool !== undefined) checkProp(this, "nodePool", props.nodePool, nodePoolNameProblem(props.nodePool));
    checkProp(
      this,
      "name",
      name,
      RELEASE_NAME.test(name)
        ? undefined
        : 'must be at most 43 lowercase letters, digits and hyphens (CronJob names add "-database")',
    );
    checkProp(this, "keepDays", keepDays, wholeNumberProblem(keepDays, 1));
    checkProp(
      this,
      "blobSyncDeadlineSeconds",
      blobDeadline,
      wholeNumberProblem(blobDeadline, 600) && "must be a whole number >= 600 (rclone stops 300 s before it)",
    );
    checkProp(this, "dumpDeadlineSeconds", dumpDeadline, wholeNumberProblem(dumpDeadline, 60));
    checkProp(this, "rcloneImage", rcloneImage, digestPinnedImageProblem(rcloneImage));
    checkProp(this, "postgresImage", postgresImage, digestPinnedImageProblem(postgresImage));
    if (props.harborChartVersion !== undefined) {
      checkProp(this, "harborChartVersion", props.harborChartVersion, chartVersionProblem(props.harborChartVersion));
    }
    const databaseSslMode = props.database.sslMode ?? DEFAULT_DATABASE_SSL_MODE;
    checkProp(this, "database.sslMode", databaseSslMode, databaseSslModeProblem(databaseSslMode));
    const cron = props.schedule ?? "0 30 2 * * *";
    checkProp(this, "schedule", cron, kubernetesScheduleProblem(cron));
    const schedule = kubernetesSchedule(cron);
    this.kubernetesSchedule = schedule;

    // Same guard as RegistryBucket: the provider treats a new bucket name as an in-place update of the old bucket,
    // so a record of the name makes a rename a planned replacement, which prevent_destroy refuses.
    this.nameRecord = new TerraformData(this, "Name", { triggersReplace: { name: props.bucketName } });
    this.bucket = new SpacesBucket(this, "Bucket", {
      name: props.bucketName,
      // The DigitalOcean provider is regionless; Spaces requests go to the bucket's own region's endpoint
      // (provider.go `spaces_endpoint` default "https://{{.Region}}.digitaloceanspaces.com", v2.71.0).
      region: props.region,
      acl: "private",
      forceDestroy: false,
      versioning: { enabled: true },
      lifecycleRule: [
        { id: "abort-incomplete-uploads", enabled: true, abortIncompleteMultipartUploadDays: 3 },
        { id: "expire-noncurrent-versions", enabled: true, noncurrentVersionExpiration: { days: keepDays } },
        { id: "expire-dumps", enabled: true, prefix: DUMP_PREFIX, expiration: { days: keepDays } },
      ],
      lifecycle: { preventDestroy: props.protect ?? true, replaceTriggeredBy: [resourceAddress(this.nameRecord)] },
    });
    // One key, two grants (grant is a list in resource_spaces_key.go, v2.71.0; permissions read, readwrite,
    // fullaccess): rclone reads and writes with one credential pair per remote, and both remotes run in the same pod
    // from the same Secret, so two keys would isolate nothing.
    this.key = new SpacesKey(this, "Key", {
      name: `${props.bucketName}-backup`,
      grant: [
        { bucket: props.primaryBucketName, permission: "read" },
        { bucket: this.bucket.name, permission: "readwrite" },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    const ns = new NamespaceV1(this, "Namespace", {
      metadata: {
        name: props.namespace,
        labels: {
          "app.kubernetes.io/managed-by": "harbor-doks",
          // The pods are built to pass "restricted"; enforcing it keeps anything weaker out of this namespace.
          ...RESTRICTED_POD_SECURITY_LABELS,
        },
      },
    });
    const secret = new SecretV1(this, "Credentials", {
      metadata: { name, namespace: ns.metadata.name },
      data: dumpCredentials(this.key.accessKey, this.key.secretKey, props.database.password),
    });
    const chart = new LocalChart(this, "Chart", { name: "registry-backup" });
    this.release = new Release(this, "Release", {
      name,
      namespace: ns.metadata.name,
      chart: chart.path,
      values: [
        toHelmValuesYaml({
          schedule,
          timeZone: "Etc/UTC",
          placement: props.nodePool === undefined ? {} : platformNodePlacement(props.nodePool),
          rcloneImage,
          postgresImage,
          credentialsSecret: secret.metadata.name,
          primary: {
            bucket: props.primaryBucketName,
            endpoint: endpointHost(props.primaryRegion),
            path: REGISTRY_ROOT,
          },
          backup: { bucket: this.bucket.name, endpoint: endpointHost(props.region) },
          database: dumpDatabaseValues(props.database, databaseSslMode),
          blobs: { activeDeadlineSeconds: blobDeadline },
          dump: { activeDeadlineSeconds: dumpDeadline },
          ...(props.harborChartVersion !== undefined ? { harborChartVersion: props.harborChartVersion } : {}),
        }),
      ],
      // CronJobs are ready when created; with the upgrade dump, the hook's timeout. Atomic: a failed dump rolls the
      // release back.
      wait: true,
      atomic: true,
      timeout: props.harborChartVersion !== undefined ? dumpHookTimeoutSeconds(dumpDeadline) : 300,
      maxHistory: 3,
      dependsOn: props.dependsOn,
    });

    this.bucketName = this.bucket.name;
    this.bucketRegion = props.region;
    this.bucketEndpoint = `https://${endpointHost(props.region)}`;
  }

  /** @deprecated Use {@link OffRegionBackup.bucketRegion}; removed in the next release. */
  public get region(): string {
    return this.bucketRegion;
  }

  /** @deprecated Use {@link OffRegionBackup.bucketEndpoint}; removed in the next release. */
  public get endpoint(): string {
    return this.bucketEndpoint;
  }
}

/** rclone's S3 endpoint for a Spaces region (a host, no scheme). */
export function endpointHost(region: string): string {
  return `${region}.digitaloceanspaces.com`;
}
