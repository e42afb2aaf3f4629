// The definition layer's tsconfig maps react, react-dom, @xyflow/*, @rjsf/* and zustand
// to this module, which exports nothing: importing anything from them here fails
// `npm run typecheck`. The layer is pure TypeScript so that any executor can use it.
export {};
