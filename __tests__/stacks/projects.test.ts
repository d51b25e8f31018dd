import { StackJson, resources, synthConfig } from "./synth";

// The block of the issue "Projects as code", as a user writes it.
const config = `
instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com }
    oidc: { endpoint: https://id.example.com, clientId: harbor, groupsClaim: groups }
    projects:
      - name: team-a
        public: false
        quotaGiB: 200
        scanOnPush: true
        preventVulnerable: high
        immutableTags: ["v*"]
        retention:
          keepLastPushed: 20
          untaggedAfterDays: 7
          schedule: "0 0 4 * * *"
        members:
          - { group: team-a-devs, role: developer }
        robots:
          - name: ci
            access: push
          - name: cluster-pull
            access: pull
            pullSecretNamespaces: [team-a, team-a-staging]
`;

/** The text with every `${...}` expression (braces balanced) cut out. */
function outsideExpressions(text: string): string {
  let out = "";
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("${", i)) {
      depth++;
      i++;
    } else if (depth > 0 && text[i] === "{") {
      depth++;
    } else if (depth > 0 && text[i] === "}") {
      depth--;
    } else if (depth === 0) {
      out += text[i];
    }
  }
  return out;
}

const day2: StackJson = synthConfig(config)["harbor-prod-config"];
const count = (type: string) => Object.keys(resources(day2, type)).length;

describe("projects as code, from the config", () => {
  it("synthesizes exactly the resources of the block", () => {
    expect(count("harbor_project")).toBe(1);
    expect(count("harbor_immutable_tag_rule")).toBe(1);
    expect(count("harbor_retention_policy")).toBe(1);
    expect(count("harbor_project_member_group")).toBe(1);
    expect(count("harbor_robot_account")).toBe(2);
    const secrets = Object.values(resources(day2, "kubernetes_secret_v1"));
    expect(secrets.map((s) => `${s.metadata.namespace}/${s.metadata.name}/${s.type}`).sort()).toEqual([
      "team-a-staging/team-a-pull/kubernetes.io/dockerconfigjson",
      "team-a/team-a-pull/kubernetes.io/dockerconfigjson",
    ]);
  });

  it("configures the kubernetes provider from the instance's cluster, checked to be in its region", () => {
    const lookup = Object.values(resources({ resource: day2.data }, "digitalocean_kubernetes_cluster"))[0];
    expect(lookup.name).toBe("prod-doks");
    expect(lookup.lifecycle.postcondition[0].condition).toContain('"fra1"');
    expect(day2.provider.kubernetes[0].host).toMatch(/data\.digitalocean_kubernetes_cluster\.\w+\.endpoint/);
  });

  it("waits for Harbor's API, and adds OIDC groups only after OIDC is the auth mode", () => {
    const wait = Object.keys(resources(day2, "terraform_data")).find((id) => id.startsWith("ApiReady"));
    const auth = Object.keys(resources(day2, "harbor_config_auth"))[0];
    const project = Object.values(resources(day2, "harbor_project"))[0];
    const group = Object.values(resources(day2, "harbor_project_member_group"))[0];
    expect(project.depends_on).toContain(`terraform_data.${wait}`);
    expect(group.depends_on).toEqual(expect.arrayContaining([`terraform_data.${wait}`, `harbor_config_auth.${auth}`]));
  });

  it("outputs the push robot's credentials (secret sensitive) and every robot's login and address", () => {
    expect(day2.output["robot_team-a_ci_username"].value).toMatch(/^\$\{harbor_robot_account\.[\w-]+\.full_name\}$/);
    const ci = day2.output["robot_team-a_ci_secret"];
    expect(ci.sensitive).toBe(true);
    expect(ci.value).toMatch(/^\$\{harbor_robot_account\.[\w-]+\.secret\}$/);
    // The pull robot's secret goes only into the cluster's Secrets.
    expect(day2.output["robot_team-a_cluster-pull_secret"]).toBeUndefined();
    expect(day2.output["robot_team-a_cluster-pull_address"].value).toMatch(/^harbor_robot_account\.[\w-]+$/);
  });

  it("never writes a robot secret into the JSON, only references to it", () => {
    const text = JSON.stringify(day2);
    const uses = [...text.matchAll(/harbor_robot_account\.[\w-]+\.secret\b/g)];
    expect(uses.length).toBeGreaterThan(0);
    // Every use sits inside a Terraform expression: outside of them, no robot secret is left.
    expect(outsideExpressions(text)).not.toMatch(/harbor_robot_account\.[\w-]+\.secret/);
    for (const robot of Object.values(resources(day2, "harbor_robot_account"))) {
      expect(robot.secret).toBeUndefined();
    }
  });
});

describe("the config stack's providers", () => {
  it("configures kubernetes from the cluster, and no helm provider it would never use", () => {
    expect(day2.provider.kubernetes).toHaveLength(1);
    expect(day2.provider.helm).toBeUndefined();
    expect(day2.terraform.required_providers.helm).toBeUndefined();
  });
});
