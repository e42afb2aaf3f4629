// ---------------------------------------------------------------------------
// When an attempt is retried, and how long to wait (docs/definition.md, "Retries").
// ---------------------------------------------------------------------------

/** The longest wait before a retry, whatever `Retry-After` says. */
export const MAX_RETRY_DELAY_SECONDS = 3600;

/** Statuses worth retrying: request timeout, too many requests, and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Seconds a `Retry-After` header asks for (delta seconds or an HTTP date), or
 * undefined when absent or unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(value: string | null, nowMilliseconds: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMilliseconds) / 1000));
}

/**
 * The wait before the next attempt: the configured interval, unless `Retry-After` asks
 * for longer; never more than {@link MAX_RETRY_DELAY_SECONDS}.
 */
export function retryDelaySeconds(intervalSeconds: number, retryAfterSeconds: number | undefined): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds > intervalSeconds) {
    return Math.min(retryAfterSeconds, MAX_RETRY_DELAY_SECONDS);
  }
  return intervalSeconds;
}
