import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Document, Scalar, isMap, isScalar, parseDocument, visit } from "yaml";

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
    // Exactly those two jobs touch the cloud; no other job may quietly get repository-wide secrets.
    expect(jobs.items.map((pair) => String((pair.key as Scalar).value)).sort()).toEqual(["deploy", "plan"]);
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
