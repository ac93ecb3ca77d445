// The test host: ?app=<the app's folder URL>&q=<the app's query>&loader=1&tab=1&width=N&height=N
// &sandbox=1&second=1 builds the embedding a webmaster would paste.
const params = new URLSearchParams(location.search);
const app = params.get('app');
const frame = document.createElement('iframe');
frame.id = 'elos';
frame.src = `${app}?${params.get('q') ?? 'embed=1'}`;
frame.title = params.get('title') ?? 'Map of the international relations';
frame.style.border = '0';
frame.style.width = params.get('width') ? `${params.get('width')}px` : '100%';
frame.style.height = `${params.get('height') ?? 500}px`;
frame.setAttribute('allow', 'fullscreen');
if (params.get('sandbox') === '1') {
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
}
if (params.get('loader') === '1') frame.setAttribute('data-elos', '');

if (params.get('tab') === '1') {
  document.getElementById('tabs').hidden = false;
  document.getElementById('panel-map').append(frame);
  for (const tab of document.querySelectorAll('[role=tab]')) {
    tab.addEventListener('click', () => {
      for (const other of document.querySelectorAll('[role=tab]')) {
        const on = other === tab;
        other.setAttribute('aria-selected', String(on));
        document.getElementById(other.getAttribute('aria-controls')).hidden = !on;
      }
    });
  }
} else {
  document.getElementById('column').append(frame);
}

// A second frame from the host's own origin, which forges Elos' height message.
if (params.get('second') === '1') {
  const other = document.createElement('iframe');
  other.id = 'other';
  other.title = 'Another widget';
  other.src = 'forger.html';
  document.getElementById('elsewhere').append(other);
}

if (params.get('loader') === '1') {
  const loader = document.createElement('script');
  loader.src = `${app}elos-embed.js`;
  document.head.append(loader);
}
