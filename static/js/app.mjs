// Starts GOV.UK Frontend and MOJ Frontend components and our own small helpers.
// Loaded as a module, so browsers too old for ES modules get the plain, fully
// working HTML pages.
import { initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";
import { initAutosave } from "./autosave.mjs";
import { freshIds, initOffline } from "./offline.mjs";
import { initUploadProgress } from "./upload-progress.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();
initUploadProgress();
freshIds();
initAutosave();
initOffline();
