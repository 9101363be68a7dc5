// parsite serve: reload this page after each successful rebuild, show failed ones on top.
// Added to pages only by `parsite serve`, never by `parsite build`.
(() => {
  "use strict";
  const script = document.currentScript;
  const pageBuild = Number(script.dataset.build);
  const overlayId = "parsite-overlay";

  function showOverlay(markup) {
    document.getElementById(overlayId)?.remove();
    if (markup) document.body.insertAdjacentHTML("beforeend", markup);
  }

  function onBuild(event) {
    const state = JSON.parse(event.data);
    if (state.problems.length === 0 && state.build !== pageBuild) {
      // A reload (not a navigation) keeps the scroll position: browsers restore it.
      disconnect();
      location.reload();
      return;
    }
    showOverlay(state.overlay);
  }

  // Browsers allow few connections per host: only visible tabs keep a stream open. A
  // tab that becomes visible reconnects and hears the current state, so it catches up.
  let source = null;
  function connect() {
    if (source !== null) return;
    source = new EventSource("/__parsite/events");
    source.addEventListener("build", onBuild);
  }
  function disconnect() {
    if (source === null) return;
    source.close();
    source = null;
  }
  document.addEventListener("visibilitychange", () => (document.hidden ? disconnect() : connect()));
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", () => document.hidden || connect());
  if (!document.hidden) connect();
})();
