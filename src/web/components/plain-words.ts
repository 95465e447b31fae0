/** Each metric in plain words, for an executive who does not write software. */
import type { MetricKey } from './metric-defs.js';

export interface PlainWords {
  means: string;
  good: string;
  moves: string;
}

export const PLAIN_WORDS: Record<MetricKey, PlainWords> = {
  deployment_frequency: {
    means: 'How often the teams put new work in front of customers.',
    good: 'Several times a day to once a week. Frequent, small releases are safer than rare, big ones.',
    moves: 'Smaller pieces of work, automated tests and releases, fewer manual approval steps.',
  },
  change_lead_time: {
    means: 'How long a finished piece of code waits before customers have it.',
    good: 'Under a day for the best teams; more than a week means work queues up somewhere.',
    moves: 'Quick code reviews, fast and reliable test pipelines, releasing without waiting for a release train.',
  },
  change_failure_rate: {
    means: 'The share of releases that caused an incident or had to be undone.',
    good: 'Below about 5% for the best teams; above 30% means releases often hurt customers.',
    moves: 'Good automated tests, smaller releases, gradual roll-outs and feature flags.',
  },
  deployment_rework_rate: {
    means: 'The share of releases that were unplanned fixes of an earlier release.',
    good: 'Low and stable. A rising rate means time goes into repairing rather than building.',
    moves: 'The same things as the failure rate, plus learning from each incident.',
  },
  failed_deployment_recovery_time: {
    means: 'After a bad release, how long until customers were fine again.',
    good: 'Under an hour for the best teams; days means customers suffer long.',
    moves: 'Good monitoring and alerts, one-click rollback, clear on-call ownership.',
  },
};
