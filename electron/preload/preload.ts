// The whole bridge: hand the renderer its MessagePort to the core. Nothing else crosses.
import { ipcRenderer } from 'electron';

ipcRenderer.on('floe:port', (event) => {
  window.postMessage('floe:port', '*', event.ports);
});
