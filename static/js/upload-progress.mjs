// Shows upload progress for forms marked data-upload-progress. Without JavaScript the
// form posts normally; with it, the same request goes by XMLHttpRequest so that
// progress can be shown, and the page the server answers with replaces this one.
export function initUploadProgress() {
  for (const form of document.querySelectorAll("form[data-upload-progress]")) {
    form.addEventListener("submit", (event) => {
      const progress = document.getElementById(form.dataset.uploadProgress);
      if (!progress || !window.FormData) return;
      event.preventDefault();
      const request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action") || window.location.href);
      progress.hidden = false;
      const bar = progress.querySelector("progress");
      const label = progress.querySelector("[data-progress-label]");
      request.upload.addEventListener("progress", (e) => {
        if (!e.lengthComputable) return;
        const percent = Math.round((100 * e.loaded) / e.total);
        bar.value = percent;
        label.textContent = `${percent}% uploaded`;
      });
      request.addEventListener("load", () => {
        // The request followed any redirect already: show the page it ended on, at its address.
        if (request.responseURL) {
          window.history.replaceState(null, "", request.responseURL);
        }
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", () => {
        label.textContent = "The upload stopped. Check your connection and try again: nothing was saved.";
      });
      request.send(new FormData(form));
    });
  }
}
