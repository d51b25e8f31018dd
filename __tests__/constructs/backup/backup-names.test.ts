import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DUMP_PREFIX, dumpObjectKey } from "../../../constructs/backup/off-region-backup";
import { harborDatabaseNames } from "../../../config/names";
import { StackJson, resources, synthConfig } from "../../stacks/synth";

// Issue 29 item 6: on an existing cluster the dumps are database/harbor_<name>-<time>.dump taken as harbor_<name>, and
// the backup docs and the restore runbook said registry / harbor. The docs are checked against the naming code here.

const root = join(__dirname, "..", "..", "..");
const flat = (path: string) => readFileSync(join(root, path), "utf8").replace(/\s+/g, " ");
const runbook = flat("docs/restore-runbook.md");
const readme = flat("docs/replication-and-backup.md");
const STAMP = "20261123T023000Z";
const managed = harborDatabaseNames("prod", false);
const existing = (name: string) => harborDatabaseNames(name, true);

describe("the database names, and the dump names they give", () => {
  it("managed: registry as harbor; existing cluster: harbor_<name> for both, hyphens as underscores", () => {
    expect(managed).toEqual({ database: "registry", user: "harbor" });
    expect(existing("prod-ams")).toEqual({ database: "harbor_prod_ams", user: "harbor_prod_ams" });
    expect(dumpObjectKey(existing("prod").database, STAMP)).toBe(`database/harbor_prod-${STAMP}.dump`);
  });

  it("are the names the stack creates and the backup CronJob dumps, for both kinds of cluster", () => {
    const config = (postgres: string) =>
      `instances:\n  - { name: prod, region: fra1, cluster: k, hostname: a.example.com${postgres},` +
      ` backup: { region: ams3 } }\n`;
    for (const [postgres, names] of [
      ["", managed],
      [", postgres: { existingCluster: shared-pg }", existing("prod")],
    ] as const) {
      const stack = synthConfig(config(postgres))["harbor-prod"];
      const only = (type: string): StackJson => Object.values(resources(stack, type))[0];
      expect([only("digitalocean_database_db").name, only("digitalocean_database_user").name]).toEqual([
        names.database,
        names.user,
      ]);
    }
  });

  it("match the file name dump.sh writes (run with a stand-in pg_dump)", () => {
    const dir = mkdtempSync(join(tmpdir(), "dump-name-"));
    const bin = mkdtempSync(join(tmpdir(), "dump-bin-"));
    writeFileSync(
      join(bin, "pg_dump"),
      '#!/bin/sh\nfor a; do case "$a" in --file=*) : > "${a#--file=}";; esac; done\n',
    );
    chmodSync(join(bin, "pg_dump"), 0o755);
    const result = spawnSync("sh", [join(root, "charts", "registry-backup", "files", "dump.sh")], {
      env: { PATH: `${bin}:/usr/bin:/bin`, DUMP_DIR: dir, PGDATABASE: existing("prod").database },
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    const [file] = readdirSync(dir);
    const stamp = /^harbor_prod-(\d{8}T\d{6}Z)\.dump$/.exec(file)?.[1];
    expect(stamp).toBeDefined();
    expect(`${DUMP_PREFIX}${file}`).toBe(dumpObjectKey(existing("prod").database, stamp as string));
  });
});

describe("the backup and restore docs use the naming code's names", () => {
  it("the runbook names both dumps, and downloads each kind by its real key", () => {
    for (const database of [managed.database, existing("<name>").database]) {
      expect(runbook).toContain(dumpObjectKey(database, "<UTC time>"));
    }
    expect(runbook).toContain(`--key ${dumpObjectKey(managed.database, STAMP)}`);
    expect(runbook).toContain(`--key ${dumpObjectKey(existing("prod").database, STAMP)}`);
    expect(runbook).toContain(
      `are \`${managed.database}\` and \`${managed.user}\` on a managed cluster, and \`${existing("<name>").database}\``,
    );
  });

  it("the runbook restores as the right user into the right database, for both kinds of cluster", () => {
    expect(runbook).toContain(`PGDATABASE=${managed.database} PGUSER=${managed.user}`);
    const ams = existing("prod-ams");
    expect(runbook).toContain(`PGDATABASE=${ams.database} PGUSER=${ams.user}`);
  });

  it("the backup section of docs/replication-and-backup.md names both", () => {
    expect(readme).toContain(`to \`${dumpObjectKey("<database>", "<UTC time>")}\``);
    expect(readme).toContain(`\`${managed.database}\` as \`${managed.user}\` on a managed cluster`);
    const shared = existing("<name>");
    expect(readme).toContain(`\`${shared.database}\` as \`${shared.user}\` on an existing one`);
  });

  it("no longer says every dump is the registry database's", () => {
    for (const text of [runbook, readme]) {
      expect(text).not.toContain("of `registry` (as `harbor`, TLS)");
      expect(text).not.toContain("of the `registry` database, one per run");
    }
  });
});
