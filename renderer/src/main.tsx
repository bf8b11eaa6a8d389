import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { connectToCore } from './rpc/connect';
import { useCore } from './stores/core-store';
import './app/theme.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

connectToCore()
  .then(async (client) => {
    client.onClose(() => useCore.getState().setClosed());
    useCore.getState().setClient(client, await client.call('app.info', {}));
  })
  .catch((e: Error) => useCore.getState().setError(e.message));
