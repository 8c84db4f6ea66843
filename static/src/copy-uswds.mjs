// Copies the parts of USWDS (and jQuery UI for the admin's translation tabs) that Django serves
// into static/dist/. Build input only: collectstatic ignores static/src.
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const uswds = join(root, "node_modules/@uswds/uswds/dist");
const out = join(root, "static/dist");

rmSync(join(out, "uswds"), { recursive: true, force: true });
mkdirSync(join(out, "uswds/img"), { recursive: true });
for (const dir of ["js", "fonts"]) cpSync(join(uswds, dir), join(out, "uswds", dir), { recursive: true });
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
