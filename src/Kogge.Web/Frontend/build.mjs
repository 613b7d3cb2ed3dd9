// Bundles the Kogge front end into ../wwwroot/dist with esbuild.
//
//   node build.mjs [outdir]
//
// kogge.css pulls in the KERN-UX stylesheet and the Fira Sans font faces from
// @kern-ux/native. esbuild copies every font file the CSS references into
// <outdir>/fonts/ and rewrites the url()s relative to kogge.css, so the fonts
// load from /dist/fonts/ without a 404. KERN's icons are inline SVG data URIs
// inside kern.css and need no files.
//
// kogge.js is on every page. The diagram viewer and the three editors (bpmn-js,
// form-js, dmn-js) are separate bundles, each with the CSS it imports written
// next to it (bpmn-viewer.js + bpmn-viewer.css, ...); only the pages that show
// a diagram or an editor load them.
import { build } from "esbuild";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, process.argv[2] ?? "../wwwroot/dist");

// Start from an empty folder so no stale asset survives a dependency update.
await rm(outdir, { recursive: true, force: true });

const fonts = { ".woff2": "file", ".woff": "file", ".ttf": "file", ".eot": "file", ".svg": "file" };

await build({
  absWorkingDir: here,
  entryPoints: { kogge: "src/kogge.css" },
  outdir,
  bundle: true,
  minify: true,
  legalComments: "eof",
  assetNames: "fonts/[name]",
  loader: fonts,
  logLevel: "warning",
});

const scripts = ["kogge", "bpmn-viewer", "bpmn-modeler", "form-editor", "dmn-modeler"];
await build({
  absWorkingDir: here,
  entryPoints: Object.fromEntries(scripts.map((name) => [name, `src/${name}.js`])),
  outdir,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "eof",
  assetNames: "fonts/[name]",
  loader: fonts,
  logLevel: "warning",
});

const sizes = await Promise.all(
  scripts.flatMap((name) => [`${name}.js`, `${name}.css`]).map(async (file) => {
    const size = await stat(path.join(outdir, file)).then((s) => s.size, () => null);
    return size === null ? null : `${file} ${(size / 1024).toFixed(0)} KB`;
  }),
);
console.log(`Kogge front end bundled to ${path.relative(process.cwd(), outdir) || "."}: ${sizes.filter(Boolean).join(", ")}`);
