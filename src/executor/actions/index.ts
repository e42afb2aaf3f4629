// ---------------------------------------------------------------------------
// The actions this executor runs itself, one file each, registered in this one list.
// Every run's handler map starts with them; a host's handlers join it for other ids.
// ---------------------------------------------------------------------------

import { httpsRequestHandler } from './https-request';
import { waitHandler } from './wait';

export const BUILT_IN_HANDLERS = [httpsRequestHandler, waitHandler] as const;
