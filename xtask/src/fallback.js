// Elos: shows the plain list of links (#elos-fallback, written by `cargo xtask build`) when the
// app cannot start — no WebAssembly in this browser, the loader or the app failing to load, or
// the app failing before Trunk's loader announces it (TrunkApplicationStarted). Written to
// dist/ as fallback-<hash>.js and run, deferred, before the loader.
(function () {
  'use strict';
  var started = false;

  // In a host page's frame (`embed=1`, the flag values of elos_core::embed) the placeholder
  // painted before the app starts leaves out the page's header, as the app will.
  if (/(?:^|[?&])embed=(?:1|true|yes)(?:&|$)/i.test(location.search)) {
    document.documentElement.classList.add('embed');
  }

  // The placeholder's subtitle is the default dataset's title; for another dataset
  // (`data=`), the general subtitle until the app shows that dataset's own.
  if (/(?:^|[?&])data=/.test(location.search)) {
    var titles = document.querySelectorAll('#boot .boot-title');
    for (var i = 0; i < titles.length; i++) titles[i].hidden = !titles[i].hidden;
  }

  function fallback() {
    return document.getElementById('elos-fallback');
  }

  function show() {
    if (started) return;
    var section = fallback();
    if (section) section.hidden = false;
  }

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    show();
    return;
  }

  addEventListener('TrunkApplicationStarted', function () {
    started = true;
    var section = fallback();
    if (section) section.hidden = true;
  });

  // A script that fails to load fires `error` at its element (seen here in the capture
  // phase); an exception while the loader runs, such as a failed wasm instantiation, is an
  // ErrorEvent at the window. Other failed resources (an image, a preload) are not the app's
  // start and are ignored.
  addEventListener(
    'error',
    function (event) {
      var target = event.target;
      if (event instanceof ErrorEvent || (target && target.tagName === 'SCRIPT')) show();
    },
    true
  );
  addEventListener('unhandledrejection', show);
})();
