import { Construct } from "constructs";
import { IResolvable, TerraformMetaArguments, Token } from "cdktf";
import { AttributeTable, blockListAttr, booleanAttr, numberAttr, stringAttr } from "./attributes";
import { HarborResource } from "./resource";
import { PROJECT_CREATION, ProjectCreation, auditLogEndpointProblem } from "../day2/vocabulary";

/** `banner_message`: a banner shown to every user of the portal. */
export interface HarborBannerMessage {
  /** `message`: the text. */
  readonly message: string;
  /** `type`: `success`, `info`, `warning` or `danger`. @default "info" */
  readonly type?: "success" | "info" | "warning" | "danger";
  /** `closable`: users may close it. @default false */
  readonly closable?: boolean | IResolvable;
  /** `from_date`: first day shown, `MM/DD/YYYY`. @default - now */
  readonly fromDate?: string;
  /** `to_date`: last day shown, `MM/DD/YYYY`. @default - forever */
  readonly toDate?: string;
}

/**
 * Configuration of a {@link HarborConfigSystem} (`harbor_config_system`).
 *
 * Every argument has a default in the provider's schema and the provider sends all of them on every create and
 * update (client/config.go `GetConfigSystem`, v3.12.4): an argument left out here is set to the provider's default
 * in Harbor, whatever was set in Harbor's UI before. None of them replaces the resource.
 */
export interface HarborConfigSystemConfig extends TerraformMetaArguments {
  /** `project_creation_restriction`: who may create projects, `adminonly` or `everyone`. @default "adminonly" */
  readonly projectCreationRestriction?: ProjectCreation;
  /** `read_only`: put the whole registry in read-only mode. @default false */
  readonly readOnly?: boolean | IResolvable;
  /**
   * `robot_token_expiration`: days until a robot created without its own duration expires (Harbor's
   * `robot_token_duration`).
   * @default 30
   */
  readonly robotTokenExpiration?: number;
  /** `token_expiration`: minutes a login token is valid. @default 30 */
  readonly tokenExpiration?: number;
  /** `session_timeout`: minutes of inactivity before a portal session ends. @default 60 */
  readonly sessionTimeout?: number;
  /**
   * `robot_name_prefix`: prefix of robot login names. A change renames every robot's login: pull Secrets and
   * replication endpoints built from `full_name` then need a new apply.
   * @default "robot$"
   */
  readonly robotNamePrefix?: string;
  /** `scanner_skip_update_pulltime`: scans do not update an artifact's pull time. @default false */
  readonly scannerSkipUpdatePulltime?: boolean | IResolvable;
  /**
   * `storage_per_project`: default storage quota of a new project in GiB (the provider converts to bytes); -1 for
   * unlimited. Projects that already exist keep their quota.
   * @default -1
   */
  readonly storagePerProject?: number;
  /**
   * `audit_log_forward_endpoint`: `host:port` of a TCP syslog receiver audit logs are forwarded to. Harbor connects to
   * it when the setting changes and refuses the change when it cannot (src/controller/config/controller.go, v2.15.1):
   * the receiver must be up before the apply.
   * @default ""
   */
  readonly auditLogForwardEndpoint?: string;
  /** `skip_audit_log_database`: keep audit logs out of the database (needs a forward endpoint). @default false */
  readonly skipAuditLogDatabase?: boolean | IResolvable;
  /** `banner_message`: a banner for every user. @default - none */
  readonly bannerMessage?: HarborBannerMessage;
  /** `notification_enable`: webhooks on. @default true */
  readonly notificationEnable?: boolean | IResolvable;
  /** `disabled_audit_log_event_types`: comma-separated audit event types not logged. @default - none */
  readonly disabledAuditLogEventTypes?: string;
}

/**
 * Harbor's system settings (`harbor_config_system`): who may create projects, the default project quota, token
 * lifetimes, read-only mode. A singleton per Harbor; destroying it leaves the settings as they are
 * (`resourceConfigSystemDelete` does nothing).
 * Hand-written binding; follows provider/resource_config_system.go of goharbor/terraform-provider-harbor at v3.12.4.
 * Providers: the stack needs HarborProvider.
 */
export class HarborConfigSystem extends HarborResource<HarborConfigSystemConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_config_system";

  constructor(scope: Construct, id: string, config: HarborConfigSystemConfig) {
    super(scope, id, HarborConfigSystem.tfResourceType, config);
    const restriction = config.projectCreationRestriction;
    // The provider has no ValidateFunc here: Harbor would refuse the PUT at apply.
    if (
      restriction !== undefined &&
      !Token.isUnresolved(restriction) &&
      !(PROJECT_CREATION as readonly string[]).includes(restriction)
    ) {
      this.reject("projectCreationRestriction", `must be one of ${PROJECT_CREATION.join(", ")}, got "${restriction}"`);
    }
    const quota = config.storagePerProject;
    if (
      quota !== undefined &&
      !Token.isUnresolved(quota) &&
      !(quota === -1 || (Number.isInteger(quota) && quota >= 1))
    ) {
      this.reject("storagePerProject", `must be -1 (unlimited) or a whole number of GiB >= 1, got ${quota}`);
    }
    const days = config.robotTokenExpiration;
    if (days !== undefined && !Token.isUnresolved(days) && !(Number.isInteger(days) && days >= 1)) {
      this.reject("robotTokenExpiration", `must be a whole number of days >= 1, got ${days}`);
    }
    // Harbor refuses the PUT (src/controller/config/controller.go verifySkipAuditLogCfg, v2.15.1).
    const skip = config.skipAuditLogDatabase;
    const endpoint = config.auditLogForwardEndpoint;
    if (skip === true && (endpoint === undefined || endpoint === "")) {
      this.reject(
        "skipAuditLogDatabase",
        "needs auditLogForwardEndpoint: without it the audit log would be kept nowhere (Harbor refuses it)",
      );
    }
    if (endpoint !== undefined && endpoint !== "" && !Token.isUnresolved(endpoint)) {
      const problem = auditLogEndpointProblem(endpoint);
      if (problem !== undefined) this.reject("auditLogForwardEndpoint", problem);
    }
    const type = config.bannerMessage?.type;
    if (type !== undefined && !["success", "info", "warning", "danger"].includes(type)) {
      this.reject("bannerMessage.type", `must be one of success, info, warning, danger, got "${type}"`);
    }
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    const banner = c.bannerMessage;
    return {
      project_creation_restriction: stringAttr(c.projectCreationRestriction),
      read_only: booleanAttr(c.readOnly),
      robot_token_expiration: numberAttr(c.robotTokenExpiration),
      token_expiration: numberAttr(c.tokenExpiration),
      session_timeout: numberAttr(c.sessionTimeout),
      robot_name_prefix: stringAttr(c.robotNamePrefix),
      scanner_skip_update_pulltime: booleanAttr(c.scannerSkipUpdatePulltime),
      storage_per_project: numberAttr(c.storagePerProject),
      audit_log_forward_endpoint: stringAttr(c.auditLogForwardEndpoint),
      skip_audit_log_database: booleanAttr(c.skipAuditLogDatabase),
      banner_message: blockListAttr(
        banner === undefined
          ? undefined
          : [
              {
                message: stringAttr(banner.message),
                type: stringAttr(banner.type),
                closable: booleanAttr(banner.closable),
                from_date: stringAttr(banner.fromDate),
                to_date: stringAttr(banner.toDate),
              },
            ],
      ),
      notification_enable: booleanAttr(c.notificationEnable),
      disabled_audit_log_event_types: stringAttr(c.disabledAuditLogEventTypes),
    };
  }
}
