/** The sources webhooks come from; each has its route `/webhooks/<source>/:org`. */
export const WEBHOOK_SOURCES = ['github', 'gitlab', 'cdevents', 'generic'] as const;

/** One of WEBHOOK_SOURCES. */
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];
