import { Construct } from "constructs";
import { ImportableResource, IResolvable, TerraformMetaArguments, TerraformProvider } from "cdktf";
import { AttributeTable, booleanAttr, stringAttr } from "./attributes";
import { HarborResource } from "./resource";

/**
 * Values the provider accepts for `provider_name` (docs/resources/registry.md at v3.12.4). The provider maps
 * them to Harbor's adapter types (`aws` -> `aws-ecr`, `github` -> `github-ghcr`, `google` -> `google-gcr`, ...).
 */
export type HarborRegistryProviderName =
  | "alibaba"
  | "artifact-hub"
  | "aws"
  | "azure"
  | "docker-hub"
  | "docker-registry"
  | "gitlab"
  | "github"
  | "google"
  | "harbor"
  | "huawei"
  | "jfrog"
  | "quay";

/** Configuration of a {@link HarborRegistry} (`harbor_registry`). */
export interface HarborRegistryConfig extends TerraformMetaArguments {
  /**
   * `provider_name`: kind of the external registry. Changing it replaces the resource.
   * A plain string is accepted too, for values added by later provider versions.
   */
  readonly providerName: HarborRegistryProviderName | (string & {});
  /** `name`: name of the registry endpoint in Harbor. */
  readonly name: string;
  /** `endpoint_url`: URL of the external registry, e.g. `https://hub.docker.com`. */
  readonly endpointUrl: string;
  /**
   * `access_id`: username / access ID at the external registry.
   * @default - anonymous
   */
  readonly accessId?: string;
  /**
   * `access_secret`: password / access key / token at the external registry. **Sensitive.**
   * @default - anonymous
   */
  readonly accessSecret?: string;
  /**
   * `description`: free-text description.
   * @default ""
   */
  readonly description?: string;
  /**
   * `insecure`: skip verification of the external registry's certificate (the docs' wording,
   * "Verifies the certificate", is inverted; the value is Harbor's `insecure` flag).
   * @default false
   */
  readonly insecure?: boolean | IResolvable;
  /**
   * `ca_certificate`: PEM CA certificate that trusts a custom-signed registry certificate (ignored by
   * Harbor < 2.15.0).
   * @default ""
   */
  readonly caCertificate?: string;
}

/**
 * An external registry endpoint in Harbor (`harbor_registry`), e.g. the upstream of a proxy-cache project.
 * Hand-written binding; follows docs/resources/registry.md of goharbor/terraform-provider-harbor at v3.12.4.
 * Providers: the stack needs HarborProvider.
 */
export class HarborRegistry extends HarborResource<HarborRegistryConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_registry";

  /**
   * Generates config to import an existing registry (`cdktf plan`); the import id is `/registries/<id>`.
   */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return super.importConfig(HarborRegistry.tfResourceType, scope, importToId, importFromId, provider);
  }

  constructor(scope: Construct, id: string, config: HarborRegistryConfig) {
    super(scope, id, HarborRegistry.tfResourceType, config);
  }

  /** `registry_id`: Harbor's numeric registry id (computed); set it as a project's `registry_id`. */
  public get registryId(): number {
    return this.getNumberAttribute("registry_id");
  }

  /** `status`: health of the endpoint as Harbor reports it (computed). */
  public get status(): string {
    return this.getStringAttribute("status");
  }

  /** `name` as a reference. */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      provider_name: stringAttr(c.providerName),
      name: stringAttr(c.name),
      endpoint_url: stringAttr(c.endpointUrl),
      access_id: stringAttr(c.accessId),
      access_secret: stringAttr(c.accessSecret),
      description: stringAttr(c.description),
      insecure: booleanAttr(c.insecure),
      ca_certificate: stringAttr(c.caCertificate),
    };
  }
}
