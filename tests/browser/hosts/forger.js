window.forge = (height) => parent.postMessage({ type: 'elos:size', version: 1, height }, '*');
