// The Gridworld Lab end to end in headless Chromium: paint a map, see the values change,
// share the edited map, and get the CLI's numbers.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, openPage, waitForStatus, download, withAndWithoutWebGpu, longTaskWindows } from "./support.mjs";

// Value iteration on an open 4×4 room with the goal in a corner.
const ROOM_TOML = `kind = "gridworld"
seed = 1
[env]
map = """
S...
....
....
...G
"""
gamma = 0.9
[[learners]]
type = "value-iteration"
[[learners]]
type = "q-learning"
`;
const ROOM = "kind=gridworld&seed=1&env.map=%0AS...%0A....%0A....%0A...G%0A&env.gamma=0.9" +
  "&learners.0.type=value-iteration&learners.1.type=q-learning&episodes=60&runs=3";

/** A fingerprint of the main figure's pixels. */
async function figureHash(page) {
  return page.evaluate(() => {
    const c = document.querySelector(".plot.main canvas");
    const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
    let h = 0;
    for (let i = 0; i < data.length; i += 16) h = (h * 31 + data[i] + data[i + 1] * 7) >>> 0;
    return h;
  });
}

withAndWithoutWebGpu("Gridworld Lab", (lab) => {
  it("painting walls changes the values, and the link keeps the edited map", async () => {
    const page = await lab.open(`/gridworld?${ROOM}`);
    await waitForStatus(page, "finished");
    const before = await figureHash(page);
    await page.getByTestId("tool-wall").check();
    await page.getByTestId("map-cell-2-2").click();
    await page.getByTestId("map-cell-2-3").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]')?.value.includes("%23%23"));
    await waitForStatus(page, "finished");
    await page.waitForTimeout(300);
    assert.notEqual(await figureHash(page), before, "the value map changed");
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    const values = report.final["value iteration"].values;
    assert.equal(values[2][2], null, "a wall has no value");
    // Ties go to the first move in action order (left, up, right, down).
    assert.equal(report.final["value iteration"].policy[2], "→↓##");
    // The shared link reproduces the edited map.
    const link = await page.getByTestId("share-link").inputValue();
    const again = await openPage(lab.browser, link);
    await waitForStatus(again, "finished");
    assert.match(await again.getByTestId("map-cell-2-3").getAttribute("class"), /wall/);
    const same = JSON.parse((await download(again, "export-json")).bytes.toString());
    assert.deepEqual(same.final, report.final);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(again.errors, []);
  });

  it("a map that cannot run is refused with its reason and the run is kept", async () => {
    // Undiscounted (γ = 1): episodes must be able to end, so the only goal must stay.
    const page = await lab.open(`/gridworld?${ROOM.replace("env.gamma=0.9", "env.gamma=1&env.step_reward=-1")}`);
    await waitForStatus(page, "finished");
    const link = await page.getByTestId("share-link").inputValue();
    await page.getByTestId("tool-floor").check();
    await page.getByTestId("map-cell-3-3").click();
    await page.getByTestId("map-error").waitFor();
    assert.match(await page.getByTestId("map-error").textContent(), /cannot run: .*gamma|cannot run: .*terminal/);
    assert.equal(await page.getByTestId("share-link").inputValue(), link);
    assert.deepEqual(page.errors, []);
  });

  it("the page computes the CLI's numbers, its runs split over three workers", async () => {
    // 70 runs: three blocks, the last partial. A browser reporting three cores splits them
    // over the page's worker and two helpers; the report's finals average the Q tables
    // the helpers sent.
    const cores = `Object.defineProperty(navigator, "hardwareConcurrency", { get: () => 3 });`;
    const page = await lab.open(`/gridworld?${ROOM.replace("&episodes=60&runs=3", "&runs=70")}`, { init: cores });
    await waitForStatus(page, "finished", 90_000);
    assert.equal(page.workers().length, 3);
    assert.equal(await page.getByTestId("workers").textContent(), "· 3 workers");
    const report = JSON.parse((await download(page, "export-json")).bytes.toString());
    const dir = mkdtempSync(join(tmpdir(), "pp-grid-"));
    writeFileSync(join(dir, "room.toml"), ROOM_TOML.replace("seed = 1", "seed = 1\nruns = 70"));
    const cli = JSON.parse(execFileSync(join(ROOT, "target/debug/playground"), ["run", join(dir, "room.toml")], { encoding: "utf8" }));
    assert.equal(cli.scenario.runs, 70);
    assert.deepEqual(report.series, cli.series);
    assert.deepEqual(report.final, cli.final);
  });

  it("plays a model-free preset without main-thread tasks over 50 ms", async () => {
    const page = await lab.open(`/gridworld?preset=grid-cliff-walking`);
    await page.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0);
    // As in the bandit test: on shared hardware require one clean 3-second window of five.
    const windows = await longTaskWindows(page, 3000);
    assert.ok(windows.some((w) => w.length === 0), `long tasks in every window: ${JSON.stringify(windows)}`);
    assert.deepEqual(page.errors, []);
  });
});
