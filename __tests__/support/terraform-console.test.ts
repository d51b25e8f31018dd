import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OUTPUT_CACHE_ENV } from "./kept-output";
import { describeWithTerraform, terraformValues } from "./terraform-console";

describeWithTerraform("terraformValues", () => {
  it("evaluates every expression in one run", () => {
    expect(terraformValues(['upper("a")', "1 + 1", "null"])).toEqual(["A", 2, null]);
  });

  it("with outputs kept, evaluates anew when a file of the folder changes", () => {
    const saved = process.env[OUTPUT_CACHE_ENV];
    process.env[OUTPUT_CACHE_ENV] = mkdtempSync(join(tmpdir(), "kept-"));
    try {
      const dir = mkdtempSync(join(tmpdir(), "console-"));
      writeFileSync(join(dir, "main.tf"), "locals { x = 1 }\n");
      expect(terraformValues(["local.x"], dir)).toEqual([1]);
      writeFileSync(join(dir, "main.tf"), "locals { x = 2 }\n");
      expect(terraformValues(["local.x"], dir)).toEqual([2]);
    } finally {
      process.env[OUTPUT_CACHE_ENV] = saved;
    }
  });
});
