/**
 * How the tests are laid out. The tests of a module are a `*.suite.ts` file beside the others of its folder; jest runs
 * only the `index.test.ts` files, each of which runs the suites of its folder and of the subfolders that have no index
 * of their own, every suite in a describe block named by its path (`constructs/harbor/cron`).
 *
 * Why not one jest test file per suite: jest gives every test file a module registry of its own, in which cdktf, the
 * provider bindings, zod and yaml load afresh and run cold, about a tenth of a second per file (docs/performance.md).
 * Why a describe block per suite: a suite's top-level hooks (`beforeAll`, `afterAll`) stay its own. The requires are
 * written out, one per suite, so that jest knows which index runs a suite (watch mode, `--findRelatedTests`);
 * `suites.suite.ts` checks that every suite is run by exactly the index nearest to it.
 *
 * One suite alone: `npx jest __tests__/constructs/harbor -t constructs/harbor/cron`. jest still loads the other suites
 * of the index (it must, to find the tests the name selects), so what they do while loading happens too: the charts
 * index, for one, starts its PostgreSQL server.
 */
export function suite(name: string, load: () => unknown): void {
  describe(name, () => {
    load();
  });
}
