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

  // A dataset the address names (`data=`) on the page's own site is asked for now, while the
  // app downloads and compiles, instead of once it runs: the app's own request (same mode and
  // credentials) is then answered from this preload. The app still judges the address by the
  // site's rule (elos_core::site) and checks the file before use; an address of another site,
  // or one this plain test cannot read for sure, waits for the app.
  preloadDataset();

  function preloadDataset() {
    if (typeof URLSearchParams !== 'function' || typeof URL !== 'function') return;
    var file = new URLSearchParams(location.search).get('data');
    if (!file || !/^[A-Za-z0-9._~\-\/:?=&%]+$/.test(file)) return;
    var url;
    try {
      url = new URL(file, document.baseURI);
    } catch (e) {
      return;
    }
    if (url.origin !== location.origin || !/^https?:$/.test(url.protocol)) return;
    var link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = url.href;
    document.head.appendChild(link);
  }

  // The first view drawn at build time (elos_core::first_view) is the default view of the
  // default dataset. An address that asks for anything else — a city, a selection, filters,
  // another dataset, the table, present mode, a host page's frame — gets the whole world
  // without links instead, until the app draws what it asks for. Otherwise the first view's
  // texts are shown in the language the app will choose (elos_core::i18n::initial_language:
  // the address's `lang=`, else the browser's preferences, else Portuguese).
  firstView();

  function firstView() {
    var boot = document.getElementById('boot');
    if (!boot || typeof URLSearchParams !== 'function') return;
    var asked = null;
    var other = false;
    var city = false;
    new URLSearchParams(location.search).forEach(function (value, key) {
      if (key === 'lang') asked = value;
      else other = true;
      if (key === 'city') city = true;
    });
    // The city box says "all cities" as the app's does in the default view; for a chosen
    // city, it shows its hint until the app writes the city's name.
    if (city) {
      var boxes = boot.querySelectorAll('.controls input[value]');
      for (var b = 0; b < boxes.length; b++) boxes[b].removeAttribute('value');
    }
    var translations = {};
    try {
      translations = JSON.parse(boot.getAttribute('data-texts') || '{}') || {};
    } catch (e) {
      translations = {};
    }
    var texts = boot.querySelectorAll('[data-lang]');
    var available = ['pt-BR'];
    for (var lang in translations) if (available.indexOf(lang) < 0) available.push(lang);
    for (var k = 0; k < texts.length; k++) {
      var own = texts[k].getAttribute('data-lang');
      if (available.indexOf(own) < 0) available.push(own);
    }
    var browser = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    var chosen = asked !== null && find(available, asked, false) ? negotiate([asked], available) : negotiate(browser, available);
    // The placeholder's own texts (controls, headings, "loading"), whatever view is asked for.
    if (Object.prototype.hasOwnProperty.call(translations, chosen)) translate(boot, translations[chosen]);
    document.documentElement.setAttribute('lang', chosen);
    var world = document.getElementById('world');
    if (other) {
      var drawn = boot.querySelectorAll('.boot-layers, .boot-first');
      for (var i = 0; i < drawn.length; i++) drawn[i].parentNode.removeChild(drawn[i]);
      if (world && world.getAttribute('data-world-view')) {
        world.setAttribute('viewBox', world.getAttribute('data-world-view'));
        var shaded = world.querySelectorAll('.partner');
        for (var j = 0; j < shaded.length; j++) shaded[j].classList.remove('partner');
      }
      return;
    }
    // Parts in HTML come in the default language, each followed by a <template> per other
    // language (elos_core::first_view's per_language): the chosen one's takes its place.
    var templates = boot.querySelectorAll('template[data-lang]');
    for (var t = 0; t < templates.length; t++) {
      if (templates[t].getAttribute('data-lang') !== chosen) continue;
      var part = templates[t].previousElementSibling;
      while (part && part.tagName === 'TEMPLATE') part = part.previousElementSibling;
      if (part && part.getAttribute('data-lang') !== chosen) {
        part.parentNode.replaceChild(document.importNode(templates[t].content, true), part);
      }
    }
    // Parts in SVG (the map's labels) are all there, the chosen language's shown.
    for (var m = 0; m < texts.length; m++) {
      texts[m].classList.toggle('boot-off', texts[m].getAttribute('data-lang') !== chosen);
    }
  }

  // Swaps each text (and input placeholder and value) of the placeholder that is a default-language
  // message for the same message in the chosen language: `pairs` is [[default, chosen], …],
  // written by the build (xtask dist::boot_texts). Text nodes only: nothing is read as HTML.
  // The first view's per-language groups ([data-lang]) are left to the toggle below.
  function translate(boot, pairs) {
    var to = {};
    for (var i = 0; i < pairs.length; i++) to['=' + pairs[i][0]] = pairs[i][1];
    var walker = document.createTreeWalker(boot, 4 /* NodeFilter.SHOW_TEXT */);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentNode.closest && node.parentNode.closest('[data-lang]')) continue;
      var key = '=' + node.nodeValue.trim();
      if (Object.prototype.hasOwnProperty.call(to, key)) node.nodeValue = to[key];
    }
    var attributes = ['placeholder', 'value'];
    for (var a = 0; a < attributes.length; a++) {
      var inputs = boot.querySelectorAll('input[' + attributes[a] + ']');
      for (var j = 0; j < inputs.length; j++) {
        var said = '=' + inputs[j].getAttribute(attributes[a]);
        if (Object.prototype.hasOwnProperty.call(to, said)) inputs[j].setAttribute(attributes[a], to[said]);
      }
    }
  }

  // The first of `available` equal to `want` (ignoring case), or with its primary language.
  function find(available, want, primary) {
    var lower = String(want).toLowerCase();
    for (var i = 0; i < available.length; i++) {
      var tag = available[i].toLowerCase();
      if (primary ? tag.split('-')[0] === lower.split('-')[0] : tag === lower) return available[i];
    }
    return null;
  }

  function negotiate(preferred, available) {
    for (var i = 0; i < preferred.length; i++) {
      var found = find(available, preferred[i], false) || find(available, preferred[i], true);
      if (found) return found;
    }
    return available.indexOf('pt-BR') >= 0 ? 'pt-BR' : available[0];
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
