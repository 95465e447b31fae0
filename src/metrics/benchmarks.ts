/**
 * Survey bands and performance levels (METRICS.md section 5).
 *
 * - Duration bands are DORA's survey answer scale for lead time and recovery time:
 *   `<1h`, `1h-1d`, `1d-1w`, `1w-1mo`, `1mo-6mo`, `>6mo`, with 1 month = 30.4375 days. A band
 *   includes its lower bound: exactly 1 h is `1h-1d`.
 * - Deployment frequency bands (section 3): on_demand, between_daily_and_weekly,
 *   between_weekly_and_monthly, less_than_monthly.
 * - Levels (elite/high/medium/low) are a tool convention after the DORA 2023 report's clusters,
 *   labelled as such. Duration levels use strict upper bounds (`< 1 day`); rate levels include
 *   their upper bound (exactly 5 % change failure rate is elite).
 *
 * Example: a median lead time of 86,400 s is band `1d-1w`, level `high`.
 */

/** Performance level, a tool convention after the DORA 2023 report's clusters. */
export type Level = 'elite' | 'high' | 'medium' | 'low';

/** DORA survey answer bands for lead time and recovery time. */
export type DurationBand = '<1h' | '1h-1d' | '1d-1w' | '1w-1mo' | '1mo-6mo' | '>6mo';

/** Deployment frequency survey bands (METRICS.md section 3). */
export type FrequencyBand =
  'on_demand' | 'between_daily_and_weekly' | 'between_weekly_and_monthly' | 'less_than_monthly';

/** Seconds in an hour. */
export const HOUR_SEC = 3_600;
/** Seconds in a day (a duration: DST days are still bucketed by the calendar, not by this). */
export const DAY_SEC = 86_400;
/** Seconds in a week. */
export const WEEK_SEC = 7 * DAY_SEC;
/** Days in the benchmark month (365.25 / 12). */
export const MONTH_DAYS = 30.4375;
/** Seconds in the benchmark month: 30.4375 days = 2,629,800 s. */
export const MONTH_SEC = MONTH_DAYS * DAY_SEC;

/** Where each benchmark comes from; every benchmark shown names its source and year. */
export const BENCHMARK_SOURCES = {
  bands: {
    source: 'DORA survey answer scale (dora.dev/research, State of DevOps survey questions)',
    year: 2023,
  },
  levels: {
    source:
      'Panorama convention after the clusters of the DORA 2023 Accelerate State of DevOps report',
    year: 2023,
  },
  quick_check: { source: 'DORA Quick Check (dora.dev/quickcheck), 2025 edition', year: 2025 },
} as const;

/**
 * The survey band of a duration in seconds; `null` for `null`. Negative durations (clock skew)
 * fall in `<1h`.
 */
export function durationBand(seconds: number | null): DurationBand | null {
  if (seconds === null) return null;
  if (seconds < HOUR_SEC) return '<1h';
  if (seconds < DAY_SEC) return '1h-1d';
  if (seconds < WEEK_SEC) return '1d-1w';
  if (seconds < MONTH_SEC) return '1w-1mo';
  if (seconds < 6 * MONTH_SEC) return '1mo-6mo';
  return '>6mo';
}

/** Lead time level: < 1 day elite, < 1 week high, < 1 month medium, else low. */
export function leadTimeLevel(seconds: number | null): Level | null {
  if (seconds === null) return null;
  if (seconds < DAY_SEC) return 'elite';
  if (seconds < WEEK_SEC) return 'high';
  if (seconds < MONTH_SEC) return 'medium';
  return 'low';
}

/** Recovery time level: < 1 hour elite, < 1 day high, < 1 week medium, else low. */
export function recoveryLevel(seconds: number | null): Level | null {
  if (seconds === null) return null;
  if (seconds < HOUR_SEC) return 'elite';
  if (seconds < DAY_SEC) return 'high';
  if (seconds < WEEK_SEC) return 'medium';
  return 'low';
}

/**
 * Deployment frequency survey band (METRICS.md section 3): median deploy-days per week >= 5
 * on_demand; >= 1 between_daily_and_weekly; else count / (window days / 30.4375) >= 1
 * between_weekly_and_monthly; else less_than_monthly. `null` when there is no deployment.
 */
export function frequencyBand(
  medianDeployDaysPerWeek: number | null,
  count: number,
  windowDays: number,
): FrequencyBand | null {
  if (medianDeployDaysPerWeek === null || count === 0) return null;
  if (medianDeployDaysPerWeek >= 5) return 'on_demand';
  if (medianDeployDaysPerWeek >= 1) return 'between_daily_and_weekly';
  // count / (windowDays / 30.4375) >= 1, written without the division.
  if (count * MONTH_DAYS >= windowDays) return 'between_weekly_and_monthly';
  return 'less_than_monthly';
}

/** Deployment frequency level: on_demand elite, daily-weekly high, weekly-monthly medium, else low. */
export function frequencyLevel(band: FrequencyBand | null): Level | null {
  switch (band) {
    case null:
      return null;
    case 'on_demand':
      return 'elite';
    case 'between_daily_and_weekly':
      return 'high';
    case 'between_weekly_and_monthly':
      return 'medium';
    case 'less_than_monthly':
      return 'low';
  }
}

/**
 * Change failure rate level from the exact fraction (not the rounded value): <= 5 % elite,
 * <= 10 % high, <= 15 % medium, else low. `null` with no deployments.
 */
export function changeFailureLevel(failed: number, deployments: number): Level | null {
  if (deployments === 0) return null;
  // Integer comparisons: 1/20 is exactly 5 % and must be elite, whatever the float says.
  if (failed * 20 <= deployments) return 'elite';
  if (failed * 10 <= deployments) return 'high';
  if (failed * 100 <= deployments * 15) return 'medium';
  return 'low';
}
