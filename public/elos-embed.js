/* Elos: sizes this page's Elos frames to their content. Include it once, anywhere:
     <script src="https://www.example.gov.br/elos/elos-embed.js" async></script>
   An Elos frame is an <iframe> whose address is in this file's folder, or one marked data-elos.
   A height is taken only from that frame's own window, from its origin, in Elos' own message
   shape, within MIN_HEIGHT_PX..MAX_HEIGHT_PX. No dependencies, cookies or requests.
   The names and limits match crates/elos-core/src/embed.rs (a test checks). */
(function () {
  "use strict";
  var SIZE_MESSAGE = "elos:size";
  var SIZE_QUERY = "elos:size?";
  var VERSION = 1;
  var MIN_HEIGHT_PX = 100;
  var MAX_HEIGHT_PX = 20000;
  // Content that grows with its frame would resize it for ever: a few changes a second at most.
  var MAX_CHANGES_PER_S = 8;

  var script = document.currentScript;
  if (window.__elosEmbed || !script || !script.src) return;
  window.__elosEmbed = true;
  var folder = new URL(".", script.src);

  /** The Elos frames now in the page, each with the origin its messages must come from. */
  function frames() {
    var out = [];
    var all = document.getElementsByTagName("iframe");
    for (var i = 0; i < all.length; i++) {
      var src;
      try {
        src = new URL(all[i].src);
      } catch (e) {
        continue;
      }
      var inFolder = src.origin === folder.origin && src.pathname.indexOf(folder.pathname) === 0;
      if (inFolder || all[i].hasAttribute("data-elos")) out.push({ frame: all[i], origin: src.origin });
    }
    return out;
  }

  function heightOf(data) {
    if (!data || typeof data !== "object" || data.type !== SIZE_MESSAGE || data.version !== VERSION) return null;
    var h = data.height;
    if (typeof h !== "number" || !isFinite(h) || h < MIN_HEIGHT_PX || h > MAX_HEIGHT_PX) return null;
    return Math.ceil(h);
  }

  function resize(frame, h, title) {
    var now = Date.now();
    var recent = (frame.__elosChanges || []).filter(function (t) {
      return now - t < 1000;
    });
    frame.__elosChanges = recent;
    if (frame.style.height === h + "px" || recent.length >= MAX_CHANGES_PER_S) return;
    recent.push(now);
    frame.style.height = h + "px";
    if (!frame.getAttribute("title") && typeof title === "string") frame.title = title.slice(0, 200);
  }

  window.addEventListener("message", function (event) {
    var h = heightOf(event.data);
    if (h === null || !event.source) return;
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      if (list[i].frame.contentWindow === event.source && list[i].origin === event.origin) {
        resize(list[i].frame, h, event.data.title);
        return;
      }
    }
  });

  // Frames that spoke before this file ran say their height again when asked (a frame still
  // on its first, empty document will speak when the app starts).
  function started(frame) {
    try {
      return frame.contentWindow.location.href !== "about:blank";
    } catch (e) {
      return true; // another origin's document: the app's
    }
  }
  var list = frames();
  for (var i = 0; i < list.length; i++) {
    if (list[i].frame.contentWindow && started(list[i].frame)) {
      list[i].frame.contentWindow.postMessage({ type: SIZE_QUERY, version: VERSION }, list[i].origin);
    }
  }
})();
