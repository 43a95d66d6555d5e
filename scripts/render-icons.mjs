// Renders public/favicon.svg into the app icons the manifest lists (public/icons/*.png) with Chromium:
// `node scripts/render-icons.mjs` after changing the mark. The PNGs are committed.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
const svg = readFileSync("public/favicon.svg", "utf8");
// The maskable icon: full-bleed brand square (no rounded corners), the mark inside the 80 % safe zone.
const inner = svg
  .replace(/^<svg[^>]*>/, "")
  .replace(/<\/svg>$/, "")
  .replace(/<rect[^>]*\/>/, "");
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#4338ca"/><g transform="translate(16 16) scale(0.7) translate(-16 -16)">${inner}</g></svg>`;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
for (const [name, size, source, transparent] of [
  ["icon-192.png", 192, svg, true],
  ["icon-512.png", 512, svg, true],
  ["icon-maskable-512.png", 512, maskable, false],
  ["apple-touch-icon.png", 180, maskable, false],
]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const sized = source.replace("<svg ", `<svg width="${size}" height="${size}" style="display:block" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
  await page.screenshot({ path: `public/icons/${name}`, omitBackground: transparent });
  await page.close();
}
await browser.close();
