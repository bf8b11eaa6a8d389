import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CoreProcess } from './core-process';
import { desktopSecretKey } from './secret-key';
import { installSecurity, WINDOW_PREFERENCES } from './security';

const outDir = join(fileURLToPath(import.meta.url), '..', '..');
const rendererIndex = join(outDir, 'renderer', 'index.html');
const rendererRoot = pathToFileURL(join(outDir, 'renderer')).href;

installSecurity((url) => url.startsWith(rendererRoot));

let core: CoreProcess | null = null;

function openWindow(): void {
  if (!core) return;
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    title: 'Floe',
    backgroundColor: '#111418',
    webPreferences: { ...WINDOW_PREFERENCES, preload: join(outDir, 'preload', 'preload.cjs') },
  });
  core.connect(window);
  void window.loadFile(rendererIndex);
}

app.whenReady().then(async () => {
  const dataDir = process.env.FLOE_HOME ?? app.getPath('userData');
  core = new CoreProcess(join(outDir, 'node', 'core-process.js'), dataDir, desktopSecretKey(dataDir));
  core.onExit((code) => {
    if (code !== 0) dialog.showErrorBox('Floe core stopped', `The core process exited with code ${code}. Restart Floe.`);
    app.quit();
  });
  await core.ready;
  openWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && openWindow());
});

app.on('window-all-closed', () => {
  core?.kill();
  app.quit();
});
