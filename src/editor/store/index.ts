// The editor store: one zustand store per editor instance (no JSX here).
export * from './types';
export * from './create-editor-store';
export * from './selectors';
export * from './announcements';
