// Copies the images nhsuk-frontend's stylesheet refers to, so the lab network needs no internet.
import { cpSync, mkdirSync } from "node:fs";

const from = "node_modules/nhsuk-frontend/dist/nhsuk/assets/images";
const to = "../resources/static/ui/assets/images";
mkdirSync(to, { recursive: true });
for (const name of ["nhsuk-icon-arrow-down.svg", "nhsuk-icon-arrow-up.svg", "nhsuk-icon-arrow-up-down.svg",
  "nhsuk-icon-cross.svg", "favicon.svg", "favicon.ico"]) {
  cpSync(`${from}/${name}`, `${to}/${name}`);
}
