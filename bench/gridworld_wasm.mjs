// The Gridworld benchmark in headless Chromium, on the shipped wasm build (the /bench page
// with ?only=gridworld): prints one JSON line for bench/gridworld_bench.sh.
import { startServer, launch, openPage } from "../tests/e2e/support.mjs";

const server = await startServer();
const browser = await launch({ webgpu: false });
const page = await openPage(browser, `${server.url}/bench?run=1&only=gridworld`);
await page.waitForSelector('[data-testid="bench-results"][data-done="true"]', { timeout: 600_000 });
console.log((await page.getByTestId("grid-bench-results").textContent()).trim());
await browser.close();
await server.close();
