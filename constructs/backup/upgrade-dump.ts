import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import type { HarborStorage } from "../harbor/harbor";
import { checkProp, wholeNumberProblem } from "../core/validation";
import { digestPinnedImageProblem, namespaceNameProblem, nodePoolNameProblem } from "../core/naming";
import { toHelmValuesYaml } from "../core/helm-values";
import { LocalChart } from "../core/local-chart";
import { platformNodePlacement } from "../ingress/policy-values";
import { DEFAULT_DATABASE_SSL_MODE, databaseSslModeProblem } from "../harbor/database-tls";
import { chartVersionProblem } from "../harbor/chart";
import { regionProblem } from "../digitalocean/regions";
import { bucketNameProblem } from "../digitalocean/naming";
import {
  BACKUP_POSTGRES_IMAGE,
  DUMP_PREFIX,
  DumpDatabase,
  RCLONE_IMAGE,
  dumpCredentials,
  dumpHookTimeoutSeconds,
  RELEASE_NAME,
  dumpDatabaseValues,
  endpointHost,
} from "./off-region-backup";

/** Properties of an {@link UpgradeDump}. */
export interface UpgradeDumpProps {
  /**
   * Harbor's chart version (the `version` of Harbor's release). The release records it; an upgrade of the release
   * that changes it first runs the dump.
   */
  readonly harborChartVersion: string;
  /**
   * Harbor's namespace, as a reference to the namespace (or to something created in it), so the release and its
   * Secret wait for it. The Secret holds only what Harbor's own Secrets there already hold: its bucket key and its
   * database password.
   */
  readonly namespace: string;
  /** Harbor's bucket and its bucket-scoped key (the key Harbor's registry writes with); a `RegistryBucket` satisfies it. */
  readonly storage: HarborStorage;
  /** Harbor's database. */
  readonly database: DumpDatabase;
  /** Release name, prefix of the Job's, the Secret's and the CA ConfigMap's names. @default "harbor-doks-dump" */
  readonly name?: string;
  /** A DOKS node pool reserved for the platform and Harbor: the Job's pod gets its node selector and toleration. @default - none */
  readonly nodePool?: string;
  /** Seconds the dump and its upload may take. @default 3600 */
  readonly dumpDeadlineSeconds?: number;
  /** rclone image, pinned by digest. @default RCLONE_IMAGE */
  readonly rcloneImage?: string;
  /** Image with pg_dump (major >= the server's), pinned by digest. @default BACKUP_POSTGRES_IMAGE */
  readonly postgresImage?: string;
  /** What the release waits for, e.g. the database firewall. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The dump of Harbor's database before Harbor changes version, for an instance without an off-region backup: the
 * local chart `charts/registry-backup` with `upgradeDumpOnly`, in Harbor's namespace. The release records
 * `harborChartVersion` (ConfigMap `harbor-doks-harbor-version`); an upgrade of the release that changes it first
 * runs the backup's database dump once, as a Helm pre-upgrade hook Job (one attempt within `dumpDeadlineSeconds`,
 * `pg_dump` as Harbor's user over the database's TLS settings), into
 * `database/<db>-<from>-to-<to>-<UTC time>.dump` of Harbor's own bucket. When the dump fails, the upgrade fails and
 * rolls back (atomic); make Harbor's release depend on {@link UpgradeDump.release} so it changes version only after
 * the dump (`HarborOnDoks` does). No CronJob, no bucket, no key of its own.
 *
 * Where the dumps go: Harbor's registry keeps everything under its S3 `rootdirectory` (`/harbor`, `REGISTRY_ROOT`;
 * goharbor/harbor-helm v1.19.1 templates/registry/registry-cm.yaml passes `persistence.imageChartStorage.s3.
 * rootdirectory` to the registry's S3 driver, which prefixes every key it reads, lists or deletes with it), so
 * `database/` beside it, never inside it, is a prefix Harbor's storage and its garbage collection never see, and the
 * off-region blob sync (which mirrors the `harbor/` tree) never copies. Nothing expires them: a dump is the only way
 * back from an upgrade; delete old ones yourself.
 *
 * Later changes: a new `harborChartVersion` upgrades the release in place and runs the dump; any other change
 * upgrades it without a dump. A new `name` or `namespace` replaces the release (hashicorp/terraform-provider-helm
 * v3.1.1: both are RequiresReplace; a new install records the version and dumps nothing). Destroy: Helm deletes the ConfigMaps; a finished dump Job (a hook, not part of the release)
 * stays until deleted; the dumps stay in the bucket.
 * Providers: the stack needs KubernetesProvider and HelmProvider.
 */
export class UpgradeDump extends Construct {
  /** The Helm release whose pre-upgrade hook is the dump. */
  public readonly release: Release;
  /** The bucket the dumps go to (Harbor's). */
  public readonly bucketName: string;
  /** Prefix of the dumps in that bucket, beside Harbor's registry tree. */
  public readonly dumpPrefix: string = DUMP_PREFIX;

  constructor(scope: Construct, id: string, props: UpgradeDumpProps) {
    super(scope, id);
    const name = props.name ?? "harbor-doks-dump";
    const dumpDeadline = props.dumpDeadlineSeconds ?? 3_600;
    const rcloneImage = props.rcloneImage ?? RCLONE_IMAGE;
    const postgresImage = props.postgresImage ?? BACKUP_POSTGRES_IMAGE;
    const sslMode = props.database.sslMode ?? DEFAULT_DATABASE_SSL_MODE;
    checkProp(this, "harborChartVersion", props.harborChartVersion, chartVersionProblem(props.harborChartVersion));
    // A reference (the usual case) is checked by the API server when the namespace is created.
    checkProp(this, "namespace", props.namespace, namespaceNameProblem(props.namespace));
    if (props.nodePool !== undefined) checkProp(this, "nodePool", props.nodePool, nodePoolNameProblem(props.nodePool));
    checkProp(
      this,
      "name",
      name,
      RELEASE_NAME.test(name)
        ? undefined
        : 'must be at most 43 lowercase letters, digits and hyphens (the Job\'s name adds "-upgrade-dump")',
    );
    checkProp(this, "storage.bucketName", props.storage.bucketName, bucketNameProblem(props.storage.bucketName));
    checkProp(this, "storage.region", props.storage.region, regionProblem("spaces", props.storage.region));
    checkProp(this, "dumpDeadlineSeconds", dumpDeadline, wholeNumberProblem(dumpDeadline, 60));
    checkProp(this, "rcloneImage", rcloneImage, digestPinnedImageProblem(rcloneImage));
    checkProp(this, "postgresImage", postgresImage, digestPinnedImageProblem(postgresImage));
    checkProp(this, "database.sslMode", sslMode, databaseSslModeProblem(sslMode));

    // Harbor's own key and password, copied into a Secret of the chart's key names: nothing Harbor's namespace does
    // not already hold, and neither reaches the values.
    const secret = new SecretV1(this, "Credentials", {
      metadata: { name, namespace: props.namespace },
      data: dumpCredentials(props.storage.accessKeyId, props.storage.secretAccessKey, props.database.password),
    });
    const chart = new LocalChart(this, "Chart", { name: "registry-backup" });
    this.release = new Release(this, "Release", {
      name,
      namespace: props.namespace,
      chart: chart.path,
      values: [
        toHelmValuesYaml({
          upgradeDumpOnly: true,
          placement: props.nodePool === undefined ? {} : platformNodePlacement(props.nodePool),
          rcloneImage,
          postgresImage,
          credentialsSecret: secret.metadata.name,
          // The chart's upload goes to `backup:<bucket>/database`: here Harbor's bucket, in Harbor's region.
          backup: { bucket: props.storage.bucketName, endpoint: endpointHost(props.storage.region) },
          database: dumpDatabaseValues(props.database, sslMode),
          dump: { activeDeadlineSeconds: dumpDeadline },
          harborChartVersion: props.harborChartVersion,
        }),
      ],
      // Atomic: a failed dump rolls back.
      wait: true,
      atomic: true,
      timeout: dumpHookTimeoutSeconds(dumpDeadline),
      maxHistory: 3,
      dependsOn: props.dependsOn,
    });
    this.bucketName = props.storage.bucketName;
  }
}
