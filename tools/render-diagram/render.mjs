#!/usr/bin/env node
// make diagram: render the ```mermaid block of docs/architecture.md to docs/architecture.png.
//
//   node tools/render-diagram/render.mjs [docs/architecture.md] [docs/architecture.png]
//
// Uses the mermaid browser bundle pinned in package-lock.json (npm ci in this folder) inside headless
// Chromium (Debian package `chromium`; CHROMIUM=/path overrides), loaded from a file:// page: no server,
// no network. Two passes: the first renders and measures the SVG, the second takes a screenshot of exactly
// that size. Writes <png>.sha256 with the sha256 of the Mermaid source it drew, which
// tests/test_docs_generated.py compares with the current docs/architecture.md.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const mdPath = resolve(process.argv[2] ?? join(root, "docs", "architecture.md"));
const pngPath = resolve(process.argv[3] ?? join(root, "docs", "architecture.png"));
const bundle = join(here, "node_modules", "mermaid", "dist", "mermaid.min.js");
const SCALE = 1.5; // device pixels per CSS pixel: labels stay sharp when zoomed, the PNG stays near 1 MB

function fail(message) {
  console.error(`render-diagram: ${message}`);
  process.exit(2);
}

// Must match tests/test_docs_generated.py: the text between "```mermaid\n" and the next "\n```".
export function mermaidSource(markdown) {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  if (!match) fail(`${mdPath} has no \`\`\`mermaid block`);
  return match[1];
}

function findChromium() {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  const found = candidates.find((path) => existsSync(path));
  if (!found) fail("headless Chromium not found: install the Debian package (apt-get install -y chromium) or set CHROMIUM");
  return found;
}

function chromium(binary, profile, args) {
  const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
    `--user-data-dir=${profile}`, "--virtual-time-budget=30000", ...args];
  return execFileSync(binary, flags, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120000,
    stdio: ["ignore", "pipe", "pipe"] });
}

function page(source) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body { margin: 0; padding: 0; background: #ffffff; }
  #out { display: inline-block; padding: 16px; }
</style><script src="${pathToFileURL(bundle)}"></script></head>
<body><div id="out"></div><div id="status" data-state="pending"></div><script>
  const source = ${JSON.stringify(source).replace(/</g, "\\u003c")};
  const status = document.getElementById("status");
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default",
                       flowchart: { htmlLabels: true, curve: "basis", useMaxWidth: false } });
  mermaid.render("architecture", source).then(({ svg }) => {
    const out = document.getElementById("out");
    out.innerHTML = svg;
    const box = out.getBoundingClientRect();
    status.setAttribute("data-size", Math.ceil(box.width) + "x" + Math.ceil(box.height));
    status.setAttribute("data-state", "done");
  }).catch((err) => {
    status.setAttribute("data-state", "error");
    status.textContent = String(err && err.message || err);
  });
</script></body></html>`;
}

const markdown = readFileSync(mdPath, "utf8");
const source = mermaidSource(markdown);
if (!existsSync(bundle)) fail(`${bundle} missing: run \`npm ci\` in tools/render-diagram (make diagram does)`);
const binary = findChromium();
const work = mkdtempSync(join(tmpdir(), "render-diagram-"));
try {
  const html = join(work, "page.html");
  writeFileSync(html, page(source));
  const url = pathToFileURL(html).href;
  const dom = chromium(binary, join(work, "profile-1"), ["--dump-dom", url]);
  const state = /data-state="(\w+)"/.exec(dom)?.[1];
  if (state !== "done") {
    const message = /<div id="status"[^>]*>([\s\S]*?)<\/div>/.exec(dom)?.[1] ?? "";
    fail(`mermaid did not render (${state ?? "no status"}): ${message.trim().slice(0, 2000)}`);
  }
  const [width, height] = /data-size="(\d+)x(\d+)"/.exec(dom).slice(1).map(Number);
  chromium(binary, join(work, "profile-2"), [`--window-size=${width},${height}`,
    `--force-device-scale-factor=${SCALE}`, `--screenshot=${pngPath}`, url]);
  const digest = createHash("sha256").update(source, "utf8").digest("hex");
  writeFileSync(`${pngPath}.sha256`, `${digest}\n`);
  console.log(`wrote ${pngPath} (${width}x${height} CSS px at ${SCALE}x) and ${pngPath}.sha256`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
