import { Construct } from "constructs";
import { ImportableResource, IResolvable, TerraformMetaArguments, TerraformProvider, Token } from "cdktf";
import { AttributeTable, booleanAttr, stringAttr, stringListAttr } from "./attributes";
import { HarborResource } from "./resource";

import {
  HARBOR_WEBHOOK_EVENT_TYPES,
  HARBOR_WEBHOOK_NOTIFY_TYPES,
  HARBOR_WEBHOOK_PAYLOAD_FORMATS,
  HarborWebhookEventType,
  HarborWebhookNotifyType,
  HarborWebhookPayloadFormat,
} from "../day2/vocabulary";

export { HARBOR_WEBHOOK_EVENT_TYPES, HARBOR_WEBHOOK_NOTIFY_TYPES, HARBOR_WEBHOOK_PAYLOAD_FORMATS };
export type { HarborWebhookEventType, HarborWebhookNotifyType, HarborWebhookPayloadFormat };

/** Configuration of a {@link HarborProjectWebhook} (`harbor_project_webhook`). */
export interface HarborProjectWebhookConfig extends TerraformMetaArguments {
  /** `name`: the policy's name, unique in the project. Changing it replaces the webhook. */
  readonly name: string;
  /**
   * `project_id`: the project's id, `/projects/<n>` ({@link HarborProject.id}). An update in place sends the policy to
   * the webhook's own id, which stays under the old project: replace the webhook with its project instead
   * (`lifecycle.replaceTriggeredBy`).
   */
  readonly projectId: string;
  /** `address`: where Harbor sends the events (`https://...`). */
  readonly address: string;
  /** `description`: free text. @default "" */
  readonly description?: string;
  /** `enabled`: the policy sends events. @default true */
  readonly enabled?: boolean | IResolvable;
  /** `events_types`: the events sent. */
  readonly eventsTypes: readonly HarborWebhookEventType[];
  /** `notify_type`: `http` or `slack`. */
  readonly notifyType: HarborWebhookNotifyType;
  /**
   * `auth_header`: the `Authorization` header Harbor sends with each event. The provider does not mark it sensitive and
   * reads it back from Harbor: it is in the state in clear text; pass a sensitive variable so plans hide it.
   * @default - no header
   */
  readonly authHeader?: string;
  /**
   * `skip_cert_verify`: do not verify the receiver's TLS certificate. The provider's default is `true`
   * (resource_harbor_project_webhook.go:54-58); pass `false` for verified TLS.
   * @default true
   */
  readonly skipCertVerify?: boolean | IResolvable;
  /** `payload_format`: `Default` or `CloudEvents` (http only). @default - Harbor's default format */
  readonly payloadFormat?: HarborWebhookPayloadFormat;
}

/**
 * A webhook policy of a project (`harbor_project_webhook`): Harbor POSTs the chosen events to one address. Destroying
 * it deletes the policy; deleting the project deletes its policies in Harbor.
 * Hand-written binding; follows provider/resource_harbor_project_webhook.go of goharbor/terraform-provider-harbor at
 * v3.12.4.
 * Providers: the stack needs HarborProvider.
 */
export class HarborProjectWebhook extends HarborResource<HarborProjectWebhookConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_project_webhook";

  /** Generates config to import an existing policy (`cdktf plan`); the import id is `/projects/<n>/webhook/policies/<m>`. */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return super.importConfig(HarborProjectWebhook.tfResourceType, scope, importToId, importFromId, provider);
  }

  constructor(scope: Construct, id: string, config: HarborProjectWebhookConfig) {
    super(scope, id, HarborProjectWebhook.tfResourceType, config);
    // The provider has no ValidateFunc for these: Harbor would refuse the POST at apply.
    const unknown = config.eventsTypes.filter(
      (type) => !Token.isUnresolved(type) && !(HARBOR_WEBHOOK_EVENT_TYPES as readonly string[]).includes(type),
    );
    if (config.eventsTypes.length === 0 || unknown.length > 0) {
      this.reject(
        "eventsTypes",
        `must list one or more of ${HARBOR_WEBHOOK_EVENT_TYPES.join(", ")}` +
          (unknown.length > 0 ? `; got ${unknown.map((t) => `"${t}"`).join(", ")}` : ""),
      );
    }
    if (!Token.isUnresolved(config.notifyType) && !HARBOR_WEBHOOK_NOTIFY_TYPES.includes(config.notifyType)) {
      this.reject("notifyType", `must be "http" or "slack", got "${config.notifyType}"`);
    }
    const format = config.payloadFormat;
    if (format !== undefined && !Token.isUnresolved(format) && !HARBOR_WEBHOOK_PAYLOAD_FORMATS.includes(format)) {
      this.reject("payloadFormat", `must be "Default" or "CloudEvents", got "${format}"`);
    }
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      name: stringAttr(c.name),
      project_id: stringAttr(c.projectId),
      address: stringAttr(c.address),
      description: stringAttr(c.description),
      enabled: booleanAttr(c.enabled),
      events_types: stringListAttr(c.eventsTypes),
      notify_type: stringAttr(c.notifyType),
      auth_header: stringAttr(c.authHeader),
      skip_cert_verify: booleanAttr(c.skipCertVerify),
      payload_format: stringAttr(c.payloadFormat),
    };
  }
}
