import { Construct } from "constructs";
import { TerraformMetaArguments } from "cdktf";
import { AttributeTable, stringAttr } from "./attributes";
import { HarborResource } from "./resource";

/** Configuration of a {@link HarborInterrogationServices} (`harbor_interrogation_services`). */
export interface HarborInterrogationServicesConfig extends TerraformMetaArguments {
  /**
   * `vulnerability_scan_policy`: when Harbor scans all artifacts: `"Hourly"`, `"Daily"`, `"Weekly"` or a
   * 6-field cron string with seconds first (`"0 0 2 * * *"`). The docs also name `Monthly`, but the provider
   * (v3.12.4, client/misc.go) has no such keyword and would send it to Harbor as a cron string; use a cron
   * such as `"0 0 0 1 * *"` instead. Write the keywords capitalized (Harbor's spelling) to avoid a diff. A cron
   * Harbor's scan-all handler refuses (constructs/harbor/cron.ts) is rejected here; a token is not checked.
   */
  readonly vulnerabilityScanPolicy: string;
  /**
   * `default_scanner`: name of the scanner to make Harbor's default (e.g. `"Trivy"`); it must already be
   * registered. Only written on create/update, not read back.
   * @default - leave Harbor's default scanner unchanged
   */
  readonly defaultScanner?: string;
}

/**
 * Harbor's "Interrogation Services" settings (`harbor_interrogation_services`): the scan-all schedule and the
 * default scanner. A singleton per Harbor; destroying it sets the schedule to None.
 * Hand-written binding; follows docs/resources/interrogation_services.md of goharbor/terraform-provider-harbor
 * at v3.12.4.
 * Providers: the stack needs HarborProvider.
 */
export class HarborInterrogationServices extends HarborResource<HarborInterrogationServicesConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_interrogation_services";

  constructor(scope: Construct, id: string, config: HarborInterrogationServicesConfig) {
    super(scope, id, HarborInterrogationServices.tfResourceType, config);
    this.checkSchedule("vulnerabilityScanPolicy", config.vulnerabilityScanPolicy, "scanAll");
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      vulnerability_scan_policy: stringAttr(c.vulnerabilityScanPolicy),
      default_scanner: stringAttr(c.defaultScanner),
    };
  }
}
