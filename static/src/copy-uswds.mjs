// Copies the parts of USWDS (and jQuery UI for the admin's translation tabs) that Django serves
// into static/dist/. Build input only: collectstatic ignores static/src.
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const uswds = join(root, "node_modules/@uswds/uswds/dist");
const out = join(root, "static/dist");

rmSync(join(out, "uswds"), { recursive: true, force: true });
mkdirSync(join(out, "uswds/img"), { recursive: true });
// Only what the site can load: the minified scripts (and their source maps, which they name), and the
// fonts in WOFF2, the one format site.css asks for. The TTF and WOFF copies and the unminified scripts
// are never requested, yet collectstatic would hash and compress each of them (two thirds of its time).
const wanted = (name) => /\.min\.js(\.map)?$|\.woff2$/.test(name);
for (const dir of ["js", "fonts"]) {
  cpSync(join(uswds, dir), join(out, "uswds", dir), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || wanted(src),
  });
}
for (const name of readdirSync(join(uswds, "img"))) {
  const src = join(uswds, "img", name);
  if (statSync(src).isFile()) cpSync(src, join(out, "uswds/img", name));
}
for (const dir of ["usa-icons", "usa-icons-bg", "favicons"]) {
  cpSync(join(uswds, "img", dir), join(out, "uswds/img", dir), { recursive: true });
}
mkdirSync(join(out, "vendor/jquery-ui"), { recursive: true });
cpSync(join(root, "node_modules/jquery-ui/dist/jquery-ui.min.js"), join(out, "vendor/jquery-ui/jquery-ui.min.js"));
// SortableJS: the drag mechanics behind static/js/admin-ordering.js (admin change lists and inlines).
mkdirSync(join(out, "vendor/sortablejs"), { recursive: true });
cpSync(join(root, "node_modules/sortablejs/Sortable.min.js"), join(out, "vendor/sortablejs/Sortable.min.js"));
console.log("copied USWDS, jQuery UI and SortableJS into static/dist/");
