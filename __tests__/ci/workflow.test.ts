import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Document, Scalar, isMap, isScalar, parseDocument, visit } from "yaml";
import { platformLoadBalancerName } from "../../constructs/ingress/policy-values";

const root = join(__dirname, "..", "..");
const workflowText = readFileSync(join(root, ".github", "workflows", "harbor.yml"), "utf8");
const workflow: Document = parseDocument(workflowText);

/** Every `uses:` value node of the workflow, wherever it is (job steps, reusable workflows). */
function usesNodes(doc: Document): Scalar[] {
  const found: Scalar[] = [];
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === "uses" && isScalar(pair.value)) found.push(pair.value);
    },
  });
  return found;
}

describe("CI workflow", () => {
  it("parses without errors", () => {
    expect(workflow.errors).toEqual([]);
  });

  const uses = usesNodes(workflow);

  it("uses actions", () => {
    expect(uses.length).toBeGreaterThan(0);
  });

  it.each(uses.map((node) => [String(node.value), node]))(
    "pins %s to a full commit SHA with its release tag in a comment",
    (_name, node) => {
      // A tag (v7) or branch can be moved to other code; a 40-hex commit cannot.
      expect(String(node.value)).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
      expect(String(node.comment ?? "").trim()).toMatch(/^v\d+\.\d+\.\d+$/);
    },
  );

  it("pins the same action to the same commit everywhere", () => {
    const byAction = new Map<string, Set<string>>();
    for (const node of uses) {
      const [action, ref] = String(node.value).split("@");
      byAction.set(action, (byAction.get(action) ?? new Set()).add(`${ref} ${String(node.comment).trim()}`));
    }
    for (const [action, refs] of byAction) expect([action, refs.size]).toEqual([action, 1]);
  });

  it("runs the pull-request plan in the `plan` environment and the deploy in `production`", () => {
    const jobs = workflow.get("jobs");
    if (!isMap(jobs)) throw new Error("workflow has no jobs map");
    expect(workflow.getIn(["jobs", "plan", "environment"])).toBe("plan");
    expect(String(workflow.getIn(["jobs", "plan", "if"]))).toContain("pull_request");
    expect(workflow.getIn(["jobs", "deploy", "environment"])).toBe("production");
    // The credential-free checks, and exactly two jobs that touch the cloud.
    expect(jobs.items.map((pair) => String((pair.key as Scalar).value)).sort()).toEqual(["checks", "deploy", "plan"]);
  });

  describe("a pull request's code gets no credential until a maintainer approves the run", () => {
    const jobs = workflow.toJS().jobs as Record<string, Record<string, unknown>>;
    const text = (value: unknown) => JSON.stringify(value);
    const runs = (job: Record<string, unknown>) =>
      (job.steps as Record<string, unknown>[]).map((s) => String(s.run ?? s.uses ?? "")).join("\n");

    it("is triggered by pull_request, never pull_request_target (which runs with the base repository's secrets)", () => {
      const on = workflow.toJS().on as Record<string, unknown>;
      expect(Object.keys(on).sort()).toEqual(["pull_request", "push"]);
      expect(workflowText).not.toMatch(/^\s*pull_request_target\s*:/m);
    });

    it("the checks job runs npm ci, npm test and synth with no environment and no secret", () => {
      const checks = jobs.checks;
      expect(checks.environment).toBeUndefined();
      expect(text(checks)).not.toMatch(/secrets\./);
      expect(String(checks.if)).toBe("github.event_name == 'pull_request'");
      const commands = runs(checks);
      for (const command of ["npm ci", "npm test", "npm run synth"]) expect(commands).toContain(command);
    });

    it("every secret is read in a job whose environment holds it: plan or production, both with reviewers", () => {
      for (const [name, job] of Object.entries(jobs)) {
        if (/secrets\./.test(text(job)))
          expect([name, job.environment]).toEqual([name, expect.stringMatching(/^(plan|production)$/)]);
      }
      expect(workflowText).not.toMatch(/secrets\.GITHUB_TOKEN/);
    });

    it("the plan job waits for the credential-free checks, never runs for forks, and caches nothing", () => {
      const plan = jobs.plan;
      expect(plan.needs).toBe("checks");
      expect(String(plan.if)).toContain("github.event.pull_request.head.repo.full_name == github.repository");
      const setupNode = (plan.steps as Record<string, Record<string, unknown>>[]).find((s) =>
        String(s.uses).startsWith("actions/setup-node@"),
      );
      expect(setupNode?.with).toMatchObject({ "package-manager-cache": false });
      expect(setupNode?.with).not.toHaveProperty("cache");
    });

    it("no job asks for more than read access to the repository", () => {
      expect(workflow.toJS().permissions).toEqual({ contents: "read" });
      for (const job of Object.values(jobs)) expect(job.permissions).toBeUndefined();
    });

    it("the header tells the maintainer to put required reviewers on `plan`", () => {
      const header = workflowText.slice(0, workflowText.indexOf("\nname:"));
      expect(header).toMatch(/Environment `plan`[^\n]*\n#[^\n]*Required reviewers/);
      expect(header).toMatch(/Prevent self-review/);
    });
  });

  it("recognizes the plan error of an instance whose platform is not applied yet by the load balancer's name", () => {
    // The platform's load balancer is harbor-<cluster id> (platformLoadBalancerName); the stack stays
    // harbor-platform-<cluster>.
    const message = `no load balancer found with name ${platformLoadBalancerName("0b2c5a1e-6d1f-4d0b-9a57-3f1f0c6e9d21")}`;
    const pattern = /grep -q "(no load balancer found with name [^"]*)"/.exec(workflowText)?.[1];
    expect(pattern).toBeDefined();
    expect(message.startsWith(pattern ?? "-")).toBe(true);
  });

  it("documents both environments and their secrets at the top", () => {
    const header = workflowText.slice(0, workflowText.indexOf("\nname:"));
    expect(header).toMatch(/Environment `plan`/);
    expect(header).toMatch(/Environment `production`/);
    expect(header).toMatch(/never at repository level/);
    for (const scope of ["kubernetes:read", "kubernetes:access_cluster", "vpc:read", "load_balancer:read"]) {
      expect(header).toContain(scope);
    }
  });
});

describe(".gitignore", () => {
  const patterns = readFileSync(join(root, ".gitignore"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));

  it.each(["*.tfvars", ".env", ".env.*", "crash.log", "crash.*.log", "*.tfstate", ".terraform/"])(
    "ignores %s",
    (pattern) => {
      expect(patterns).toContain(pattern);
    },
  );
});
