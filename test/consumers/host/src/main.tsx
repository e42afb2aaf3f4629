// Entry of the CSP page, with the stylesheets in the order the README asks for.
import '@xyflow/react/dist/base.css';
import 'workflow-editor/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
