import { Construct } from "constructs";
import { ImportableResource, TerraformMetaArguments, TerraformProvider, Token } from "cdktf";
import { AttributeTable, numberAttr, stringAttr } from "./attributes";
import { HarborResource } from "./resource";

/** Values the provider accepts for `role` (its ValidateFunc; mapped to Harbor role ids 1-5 in client/project_members.go). */
export const HARBOR_MEMBER_ROLES = ["projectadmin", "maintainer", "developer", "guest", "limitedguest"] as const;
export type HarborMemberRole = (typeof HARBOR_MEMBER_ROLES)[number];

/** `type` of a member group: where the group comes from. */
export type HarborMemberGroupType = "oidc" | "ldap" | "internal";

/** Configuration of a {@link HarborProjectMemberGroup} (`harbor_project_member_group`). */
export interface HarborProjectMemberGroupConfig extends TerraformMetaArguments {
  /**
   * `project_id`: the project, as {@link HarborProject.id} (`/projects/<id>`, the form the provider reads back).
   * Changing it replaces the membership.
   */
  readonly projectId: string;
  /**
   * `role`: the group's role in the project. A change is an in-place update, whose failure the provider only prints
   * (v3.12.4 resource_project_member_group.go `resourceMembersGroupUpdate` ignores the PUT's error): the apply
   * reports success, and the next plan shows the role change again.
   */
  readonly role: HarborMemberRole;
  /**
   * `type`: `oidc`, `ldap` or `internal`. For `oidc`, Harbor creates the group by name, but only while OIDC is
   * its auth mode. A change is an in-place update.
   */
  readonly type: HarborMemberGroupType;
  /**
   * `group_name`: the group's name (for OIDC, the value in the groups claim). Changing it replaces the
   * membership. At least one of `groupName` and `groupId`.
   * @default - none (then `groupId` is required)
   */
  readonly groupName?: string;
  /**
   * `group_id`: Harbor's id of an existing user group. Changing it replaces the membership.
   * @default - none (then `groupName` is required)
   */
  readonly groupId?: number;
  /**
   * `ldap_group_dn`: DN of an LDAP group (type `ldap`). A change is an in-place update.
   * @default - none
   */
  readonly ldapGroupDn?: string;
}

/**
 * A group's membership in a Harbor project (`harbor_project_member_group`).
 * Hand-written binding; follows `provider/resource_project_member_group.go` of goharbor/terraform-provider-harbor
 * at v3.12.4. The provider prints, and does not return, errors of an in-place update (role or type change), so a
 * refused update shows up only as a diff in the next plan.
 * Providers: the stack needs HarborProvider.
 */
export class HarborProjectMemberGroup extends HarborResource<HarborProjectMemberGroupConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_project_member_group";

  /** Generates config to import a membership; the import id is `/projects/<id>/members/<member id>`. */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return super.importConfig(HarborProjectMemberGroup.tfResourceType, scope, importToId, importFromId, provider);
  }

  constructor(scope: Construct, id: string, config: HarborProjectMemberGroupConfig) {
    super(scope, id, HarborProjectMemberGroup.tfResourceType, config);
    // The schema's AtLeastOneOf, checked where the mistake is made rather than at plan time.
    if (config.groupName === undefined && config.groupId === undefined) {
      this.reject("groupName", "or groupId must be given");
    }
    if (!Token.isUnresolved(config.role) && !(HARBOR_MEMBER_ROLES as readonly string[]).includes(config.role)) {
      this.reject("role", `must be one of ${HARBOR_MEMBER_ROLES.join(", ")}, got "${config.role}"`);
    }
  }

  /** `member_id`: Harbor's membership id (computed). */
  public get memberId(): number {
    return this.getNumberAttribute("member_id");
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      project_id: stringAttr(c.projectId),
      group_name: stringAttr(c.groupName),
      group_id: numberAttr(c.groupId),
      ldap_group_dn: stringAttr(c.ldapGroupDn),
      role: stringAttr(c.role),
      type: stringAttr(c.type),
    };
  }
}
