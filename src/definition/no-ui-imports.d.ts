// The definition layer's tsconfig maps React, React Flow, rjsf, zustand and the other
// UI packages to this file. It is deliberately not a module (it neither imports nor
// exports), so importing anything from them here, named, default or as a namespace,
// fails `npm run typecheck` with "is not a module". The layer is pure TypeScript so
// that any executor can use it. A bare side-effect import of such a package still
// typechecks; test/definition/layering.test.ts catches that one.
