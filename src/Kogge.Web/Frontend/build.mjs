// Bundles the Kogge front end into ../wwwroot/dist with esbuild.
//
//   node build.mjs [outdir]
//
// kogge.css pulls in the KERN-UX stylesheet and the Fira Sans font faces from
// @kern-ux/native. esbuild copies every font file the CSS references into
// <outdir>/fonts/ and rewrites the url()s relative to kogge.css, so the fonts
// load from /dist/fonts/ without a 404. KERN's icons are inline SVG data URIs
// inside kern.css and need no files.
import { build } from "esbuild";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, process.argv[2] ?? "../wwwroot/dist");

// Start from an empty folder so no stale asset survives a dependency update.
await rm(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: here,
  entryPoints: { kogge: "src/kogge.css" },
  outdir,
  bundle: true,
  minify: true,
  legalComments: "eof",
  assetNames: "fonts/[name]",
  loader: { ".woff2": "file", ".woff": "file" },
  logLevel: "warning",
});

await build({
  absWorkingDir: here,
  entryPoints: { kogge: "src/kogge.js" },
  outdir,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "eof",
  logLevel: "warning",
});

console.log(`Kogge front end bundled to ${path.relative(process.cwd(), outdir) || "."}`);
