import { DEFAULT_GROUPS_CLAIM, oidcGroupsClaim } from "../../config/day2/oidc";
import { StackJson, resources, synthConfig } from "../stacks/synth";

// Issue 29 item 3: Harbor reads groups only from the claim `oidc_groups_claim` names, and with none it reads none
// (goharbor/harbor v2.15.1 src/pkg/oidc/helper.go `groupsFromClaims`): an adminGroup or project members without
// groupsClaim were accepted and then did nothing.

const config = (oidc: string, extra = "") => `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com }
    oidc: { endpoint: https://id.example.com, clientId: harbor${oidc} }
${extra}`;

function auth(text: string): [string, StackJson] {
  const entries = Object.entries(resources(synthConfig(text)["harbor-prod-config"], "harbor_config_auth"));
  expect(entries).toHaveLength(1);
  return entries[0];
}

const AT = { name: "prod", region: "fra1" };
const MEMBERS = "    projects: [{ name: a, members: [{ group: devs, role: developer }] }]\n";

describe("oidc.groupsClaim", () => {
  it("defaults to groups with an adminGroup (the issue's config: adminGroup without groupsClaim)", () => {
    expect(auth(config(", adminGroup: platform-admins"))[1].oidc_groups_claim).toBe("groups");
  });

  it("defaults to groups with project members", () => {
    expect(auth(config("", MEMBERS))[1].oidc_groups_claim).toBe("groups");
  });

  it("keeps the configured claim", () => {
    expect(auth(config(", groupsClaim: roles, adminGroup: admins"))[1].oidc_groups_claim).toBe("roles");
  });

  it("is not sent when no groups are used (Harbor's own default, nothing to read)", () => {
    expect(auth(config(""))[1]).not.toHaveProperty("oidc_groups_claim");
  });

  it("the rule on its own: configured, else the default whenever groups are used", () => {
    expect(DEFAULT_GROUPS_CLAIM).toBe("groups");
    expect(oidcGroupsClaim(undefined, { ...AT, oidc: { adminGroup: "a" } })).toBe("groups");
    expect(oidcGroupsClaim("x", { ...AT, oidc: { adminGroup: "a" } })).toBe("x");
    expect(oidcGroupsClaim(undefined, AT)).toBeUndefined();
  });

  it("a later change: adding an adminGroup updates the one auth resource in place (the claim and the admin group)", () => {
    const [id, before] = auth(config(""));
    const [idAfter, after] = auth(config(", adminGroup: admins"));
    expect(idAfter).toBe(id);
    const changed = Object.keys({ ...before, ...after }).filter(
      (key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]),
    );
    expect(changed.sort()).toEqual(["oidc_admin_group", "oidc_groups_claim", "oidc_scope"]);
  });

  it("writing the default out changes nothing", () => {
    expect(auth(config(", adminGroup: admins"))[1]).toEqual(
      auth(config(", groupsClaim: groups, adminGroup: admins"))[1],
    );
  });
});
