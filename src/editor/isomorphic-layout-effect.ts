// ---------------------------------------------------------------------------
// A layout effect in the browser (it runs before the browser paints the commit), a plain
// effect on a server, where React warns about layout effects and nothing is painted.
// ---------------------------------------------------------------------------

import { useEffect, useLayoutEffect } from 'react';

export const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;
