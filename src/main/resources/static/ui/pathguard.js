// PathGuard's screens work without this file; it adds what a bench needs: the scanner field ready
// for the next tube, keyboard shortcuts on the validation queue, label printing and the test filter.
// Served from the application (script-src 'self'): no inline script anywhere.
"use strict";

document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) {
    event.detail.headers["X-CSRF-TOKEN"] = token.content;
  }
});

// Reception: after each scan the field is emptied and focused, so the scanner's next Enter records the next tube.
// A refused scan sounds a short low tone (the scientist is looking at the tube, not the screen) and is said beside
// its field; a rejection puts the form back to receiving, so the next tube is not rejected by mistake.
let errorAudio = null;

function errorTone() {
  try {
    errorAudio = errorAudio || new AudioContext();
    const tone = errorAudio.createOscillator();
    const volume = errorAudio.createGain();
    tone.type = "square";
    tone.frequency.value = 220;
    volume.gain.value = 0.1;
    tone.connect(volume).connect(errorAudio.destination);
    tone.start();
    tone.stop(errorAudio.currentTime + 0.35);
  } catch (e) {
    // No audio output: the message on the screen still says it.
  }
}

function showScanError(form, fieldName, text) {
  form.querySelectorAll("[data-error-for]").forEach((message) => {
    const here = message.dataset.errorFor === fieldName;
    message.hidden = !here;
    message.querySelector("[data-error-text]").textContent = here ? text : "";
    message.closest("[data-field-group]").classList.toggle("nhsuk-form-group--error", here);
  });
}

document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.target.closest("[data-scan-form]");
  if (!form) {
    return;
  }
  const field = form.querySelector("[data-scan-field]");
  const refusal = document.querySelector("[data-testid=scan-refused]");
  if (event.detail.xhr.status >= 400 && refusal) {
    errorTone();
    showScanError(form, refusal.dataset.field, refusal.querySelector("p").textContent);
    if (refusal.dataset.field === "reason") {
      // The scan is kept: choose the reason and press Enter in the field again.
      form.querySelector("#reason").focus();
      return;
    }
  } else {
    showScanError(form, null, "");
    if (form.querySelector("#mode-reject").checked) {
      form.querySelector("#mode-receive").checked = true;
      form.querySelector("#reason").value = "";
      form.querySelector("#comment").value = "";
      showRejectFields();
    }
  }
  field.value = "";
  field.focus();
});

function showRejectFields() {
  const form = document.querySelector("[data-scan-form]");
  if (form) {
    form.classList.toggle("pg-scan-form--rejecting", form.querySelector("#mode-reject").checked);
  }
}

document.addEventListener("change", (event) => {
  if ((event.target.name === "mode" || event.target.name === "reason") && event.target.closest("[data-scan-form]")) {
    showRejectFields();
    document.querySelector("[data-scan-field]").focus();
  }
});

// Validation queue: j/k move between results, x selects, a authorises, r goes to the rejection comment.
// Shortcuts never fire while someone is typing: a letter that is not a shortcut pauses them for two seconds
// (someone typing a comment without first pressing r), and a waits a moment before it acts, so that the a
// of a word typed straight on a row ("abnormal") is taken as typing, not as authorise.
const SHORTCUT_KEYS = ["j", "k", "x", "a", "r", "ArrowDown", "ArrowUp"];
const TYPING_PAUSE_MS = 2000;
const AUTHORISE_DELAY_MS = 400;
let typedAt = 0;
let pendingAuthorise = null;

function typingNoticed(queuePage) {
  typedAt = Date.now();
  const hint = queuePage.querySelector("[data-typing-hint]");
  if (hint) {
    hint.hidden = false;
    clearTimeout(hint.hideLater);
    hint.hideLater = setTimeout(() => { hint.hidden = true; }, 5000);
  }
}

document.addEventListener("keydown", (event) => {
  const queue = document.querySelector("[data-validation-queue]");
  if (!queue || event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  if (pendingAuthorise) {
    // Another key straight after a: the a was the start of a word.
    clearTimeout(pendingAuthorise);
    pendingAuthorise = null;
    typingNoticed(document);
  }
  const target = event.target;
  if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) && target.type !== "checkbox") {
    if (event.key === "Escape") {
      target.closest("[data-result-row]")?.focus();
    }
    return;
  }
  const printable = event.key.length === 1;
  if (printable && !SHORTCUT_KEYS.includes(event.key)) {
    typingNoticed(document);
    return;
  }
  if (!SHORTCUT_KEYS.includes(event.key) || Date.now() - typedAt < TYPING_PAUSE_MS) {
    return;
  }
  const rows = [...queue.querySelectorAll("[data-result-row]")];
  if (rows.length === 0) {
    return;
  }
  const current = rows.indexOf(target.closest("[data-result-row]"));
  const row = current >= 0 ? rows[current] : null;
  const focusRow = (i) => rows[Math.max(0, Math.min(rows.length - 1, i))].focus();
  switch (event.key) {
    case "j": case "ArrowDown": focusRow(current + 1); break;
    case "k": case "ArrowUp": focusRow(current < 0 ? 0 : current - 1); break;
    case "x": row?.querySelector("[data-select]")?.click(); break;
    case "a": {
      const authorise = row?.querySelector("[data-authorise]");
      if (authorise) {
        pendingAuthorise = setTimeout(() => { pendingAuthorise = null; authorise.click(); }, AUTHORISE_DELAY_MS);
      }
      break;
    }
    case "r": row?.querySelector("[data-reject-comment]")?.focus(); break;
    default: return;
  }
  event.preventDefault();
});

// A decision replaces its cell, which would drop the focus to the page (and j back to the first row). So a
// confirmation takes the focus to its tick box, where further letters do nothing; a refusal goes back to the comment,
// still holding what was typed; a decision made goes on to the next result still waiting, ready for j, k, a or r.
document.addEventListener("htmx:afterSettle", (event) => {
  const cell = event.target;
  if (!(cell instanceof Element) || !cell.matches("[data-testid=decision]")) {
    return;
  }
  const row = cell.closest("[data-result-row]");
  const confirm = cell.querySelector("[data-confirm]");
  const comment = cell.querySelector("[data-reject-comment]");
  if (confirm) {
    confirm.focus();
  } else if (cell.querySelector("[role=alert]") && comment) {
    comment.focus();
  } else if (cell.querySelector("[data-testid=outcome]") && row) {
    const rows = [...document.querySelectorAll("[data-result-row]")];
    const waiting = rows.slice(rows.indexOf(row) + 1).find((r) => r.querySelector("[data-reject-comment]"));
    (waiting || row).focus();
  } else {
    row?.focus();
  }
});

// The whole specimen under a result: the link opens it once; pressed again it closes it instead of asking again.
document.addEventListener("htmx:beforeRequest", (event) => {
  const toggle = event.target.closest?.("[data-panel-toggle]");
  const open = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (open) {
    event.preventDefault();
    open.remove();
    toggle.setAttribute("aria-expanded", "false");
  }
});

document.addEventListener("htmx:load", (event) => {
  if (event.target instanceof Element && event.target.matches("[data-panel]")) {
    event.target.previousElementSibling?.querySelector("[data-panel-toggle]")?.setAttribute("aria-expanded", "true");
  }
});

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Order entry: narrows the list of tests as the clinician types.
document.addEventListener("input", (event) => {
  if (!event.target.matches("[data-test-filter]")) {
    return;
  }
  const words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
  document.querySelectorAll("[data-test-option]").forEach((option) => {
    option.hidden = !words.every((w) => option.dataset.testOption.includes(w));
  });
});

document.addEventListener("DOMContentLoaded", showRejectFields);
