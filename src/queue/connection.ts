// ---------------------------------------------------------------------------
// Redis connections and the defaults the queue and its workers share.
// ---------------------------------------------------------------------------

import { Redis, type RedisOptions } from 'ioredis';

/** Redis connection options (host, port, password, tls…), a `redis://` URL, or an ioredis client. */
export type QueueConnection = RedisOptions | string | Redis;

export const DEFAULT_QUEUE_NAME = 'workflow-runs';
/** Finished runs stay readable for 7 days. */
export const DEFAULT_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/**
 * A client of our own for `connection`: a given client is duplicated (its owner closes
 * it), options and URLs get a new one. BullMQ needs `maxRetriesPerRequest: null` so a
 * blocking command waits through a reconnect instead of failing.
 */
export function connect(connection: QueueConnection): Redis {
  const client =
    connection instanceof Redis
      ? connection.duplicate({ maxRetriesPerRequest: null })
      : typeof connection === 'string'
        ? new Redis(connection, { maxRetriesPerRequest: null })
        : new Redis({ ...connection, maxRetriesPerRequest: null });
  // ioredis reconnects by itself and fails the commands that cannot wait; without a
  // listener, each lost connection would also be printed as an unhandled error.
  client.on('error', ignoreConnectionError);
  return client;
}

function ignoreConnectionError(): void {
  // Reported through the commands that fail, not here.
}
