import { startServer, launch } from "./support.mjs";
const server = await startServer();
const browser = await launch({ webgpu: false });
for (const route of ["dpo", "bandits", "transformer", "lm-alignment", "bayesopt", "nash"]) {
const ctx = await browser.newContext();
const a = await ctx.newPage(); await a.goto(`${server.url}/${route}?ui.present=1&ui.autoplay=0`);
await a.waitForTimeout(6000);
const cdp = await ctx.newCDPSession(a);
await cdp.send("Performance.enable");
const m = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((x) => [x.name, x.value]));
const m0 = await m(); await a.waitForTimeout(10000); const m1 = await m();
console.log(route, ["TaskDuration", "ScriptDuration", "LayoutCount", "RecalcStyleCount"].map((k) => `${k} ${(m1[k] - m0[k]).toFixed(3)}`).join("  "));
await ctx.close();
}
await browser.close(); await server.close();
