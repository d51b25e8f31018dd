import { Construct } from "constructs";
import { ImportableResource, IResolvable, TerraformMetaArguments, TerraformProvider } from "cdktf";
import { AttributeTable, booleanAttr, numberAttr, stringAttr, stringListAttr } from "./attributes";
import { HarborResource } from "./resource";

/** Severity threshold of `deployment_security` (docs/resources/project.md at v3.12.4). */
export type HarborDeploymentSecurity = "critical" | "high" | "medium" | "low" | "none";

/** Configuration of a {@link HarborProject} (`harbor_project`). */
export interface HarborProjectConfig extends TerraformMetaArguments {
  /** `name`: project name in Harbor. Changing it replaces the project. */
  readonly name: string;
  /**
   * `public`: anyone may pull from the project.
   * @default false
   */
  readonly public?: boolean | IResolvable;
  /**
   * `vulnerability_scanning`: scan images when they are pushed.
   * @default true
   */
  readonly vulnerabilityScanning?: boolean | IResolvable;
  /**
   * `vulnerability_scanner`: name of the scanner for this project, overriding the global default.
   * @default - the global default scanner (`harbor_interrogation_services`)
   */
  readonly vulnerabilityScanner?: string;
  /**
   * `enable_content_trust`: only allow pulling images signed with Notary.
   * @default false
   */
  readonly enableContentTrust?: boolean | IResolvable;
  /**
   * `enable_content_trust_cosign`: only allow pulling images signed with Cosign.
   * @default false
   */
  readonly enableContentTrustCosign?: boolean | IResolvable;
  /**
   * `auto_sbom_generation`: generate an SBOM for every pushed image (Harbor >= 2.11.0).
   * @default false
   */
  readonly autoSbomGeneration?: boolean | IResolvable;
  /**
   * `cve_allowlist`: CVE ids ignored in this project when pushing and pulling, e.g. `["CVE-123"]`.
   * @default - none
   */
  readonly cveAllowlist?: string[];
  /**
   * `deployment_security`: refuse pulls of images with a vulnerability of this severity or higher
   * (images must have been scanned).
   * @default - not enforced
   */
  readonly deploymentSecurity?: HarborDeploymentSecurity;
  /**
   * `force_destroy`: delete all repositories of the project on destroy, so the project can be removed.
   * Those repositories are not recoverable.
   * @default false
   */
  readonly forceDestroy?: boolean | IResolvable;
  /**
   * `storage_quota`: storage quota in GB. On update the provider ignores the answer of Harbor's quota API
   * (v3.12.4 resource_project.go calls `UpdateStorageQuota` without checking its error) and never reads the quota
   * back, so a refused change (e.g. below what the project stores) shows as applied, and no plan shows the drift.
   * @default -1 (unlimited, provider default)
   */
  readonly storageQuota?: number;
  /**
   * `registry_id`: numeric id of a `harbor_registry` ({@link HarborRegistry.registryId}); makes the project a
   * proxy cache of that registry. Changing it replaces the project.
   * @default - a hosted (non-proxy) project
   */
  readonly registryId?: number;
  /**
   * `proxy_speed_kb`: bandwidth limit of a proxy-cache project in KB/s.
   * @default -1 (unlimited)
   */
  readonly proxySpeedKb?: number;
  /**
   * `proxy_cache_local_on_not_found`: a proxy-cache project serves cached images that were removed
   * upstream (Harbor >= 2.15.1).
   * @default false
   */
  readonly proxyCacheLocalOnNotFound?: boolean | IResolvable;
}

/**
 * A Harbor project (`harbor_project`), hosted or, with `registryId`, a proxy cache.
 * Hand-written binding; follows docs/resources/project.md of goharbor/terraform-provider-harbor at v3.12.4.
 * Providers: the stack needs HarborProvider.
 */
export class HarborProject extends HarborResource<HarborProjectConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_project";

  /** Generates config to import an existing project (`cdktf plan`); the import id is `/projects/<id>`. */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return super.importConfig(HarborProject.tfResourceType, scope, importToId, importFromId, provider);
  }

  constructor(scope: Construct, id: string, config: HarborProjectConfig) {
    super(scope, id, HarborProject.tfResourceType, config);
  }

  /** `project_id`: Harbor's numeric project id (computed). */
  public get projectId(): number {
    return this.getNumberAttribute("project_id");
  }

  /** `name` as a reference. */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      name: stringAttr(c.name),
      public: booleanAttr(c.public),
      vulnerability_scanning: booleanAttr(c.vulnerabilityScanning),
      vulnerability_scanner: stringAttr(c.vulnerabilityScanner),
      enable_content_trust: booleanAttr(c.enableContentTrust),
      enable_content_trust_cosign: booleanAttr(c.enableContentTrustCosign),
      auto_sbom_generation: booleanAttr(c.autoSbomGeneration),
      cve_allowlist: stringListAttr(c.cveAllowlist),
      deployment_security: stringAttr(c.deploymentSecurity),
      force_destroy: booleanAttr(c.forceDestroy),
      storage_quota: numberAttr(c.storageQuota),
      registry_id: numberAttr(c.registryId),
      proxy_speed_kb: numberAttr(c.proxySpeedKb),
      proxy_cache_local_on_not_found: booleanAttr(c.proxyCacheLocalOnNotFound),
    };
  }
}
