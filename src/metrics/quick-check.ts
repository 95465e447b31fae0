/**
 * The DORA Quick Check score, 2025 edition (METRICS.md section 5; dora.dev/quickcheck).
 *
 * Definition: each metric becomes a Quick Check answer, then a 0..10 score:
 * - lead time and failed deployment recovery time: the survey band of the median
 *   (`>6mo` = answer 1 ... `<1h` = answer 6), answers 1..6 mapped linearly to 0..10
 *   (score = (answer - 1) x 2);
 * - deployment frequency: answers 1..6 of the Quick Check's frequency question, from our data
 *   (mapping below and in docs/metrics.md), mapped linearly the same way;
 * - change failure rate and rework rate: a percentage p maps to 10 - p / 10 (exact fraction).
 * Throughput = mean of the lead time, frequency and recovery scores; stability = mean of the
 * change failure and rework scores; `null` (with the missing inputs named) when a score is
 * missing, because the Quick Check needs every answer. Scores have 4 decimals.
 *
 * Deployment frequency answer from our data (the Quick Check asks a person; we derive it):
 * - 6 "On demand (multiple deploys per day)": band on_demand and median deployments per week
 *   >= 2 x median deploy-days per week (typically two or more deployments on a deploy day);
 * - 5 "Between once per hour and once per day": band on_demand otherwise (about daily);
 * - 4 "Between once per day and once per week": band between_daily_and_weekly;
 * - 3 "Between once per week and once per month": band between_weekly_and_monthly;
 * - 2 "Between once per month and once every six months": band less_than_monthly and at least
 *   one deployment per six months on average (count x 182.625 >= window days);
 * - 1 "Fewer than once per six months": otherwise.
 *
 * Shown beside the 2025 all-industry means as METRICS.md section 5 gives them (lead time 5.5,
 * frequency 4.8, recovery 7.4, change fail 1.9, rework 2.2).
 *
 * Example: lead time band 1d-1w (answer 4, score 6), frequency answer 5 (score 8), recovery
 * band <1h (answer 6, score 10): throughput (6 + 8 + 10) / 3 = 8; change failure 10 %
 * (score 9) and rework 7.5 % (score 9.25): stability 9.125.
 */
import type { DurationBand } from './benchmarks.js';
import { BENCHMARK_SOURCES, MONTH_DAYS } from './benchmarks.js';
import type {
  ChangeFailureRateReport,
  ChangeLeadTimeReport,
  DeploymentFrequencyReport,
  DeploymentReworkRateReport,
  RecoveryTimeReport,
} from './report-types.js';
import { round4 } from './stats.js';

/** A band metric's Quick Check answer (1 worst .. 6 best) and score (0..10). */
export interface QuickCheckAnswer {
  answer: number | null;
  answer_label: string | null;
  score: number | null;
}

/** A rate metric's Quick Check percentage and score (0..10). */
export interface QuickCheckPercentage {
  percentage: number | null;
  score: number | null;
}

/** A group score (throughput or stability) and the inputs it lacks. */
export interface QuickCheckGroup {
  score: number | null;
  missing: string[];
}

/** The Quick Check section of the report. */
export interface QuickCheck {
  edition: 2025;
  source: string;
  lead_time: QuickCheckAnswer;
  deployment_frequency: QuickCheckAnswer;
  failed_deployment_recovery_time: QuickCheckAnswer;
  change_failure_rate: QuickCheckPercentage;
  deployment_rework_rate: QuickCheckPercentage;
  throughput: QuickCheckGroup;
  stability: QuickCheckGroup;
  industry_means: {
    source: string;
    year: 2025;
    population: 'all industries';
    lead_time: number;
    deployment_frequency: number;
    failed_deployment_recovery_time: number;
    change_failure_rate: number;
    deployment_rework_rate: number;
  };
}

/** Duration band -> Quick Check answer (1 worst .. 6 best) and its label. */
const DURATION_ANSWERS: Record<DurationBand, [number, string]> = {
  '>6mo': [1, 'More than six months'],
  '1mo-6mo': [2, 'One to six months'],
  '1w-1mo': [3, 'One week to one month'],
  '1d-1w': [4, 'One day to one week'],
  '1h-1d': [5, 'Less than one day'],
  '<1h': [6, 'Less than one hour'],
};

/** Quick Check deployment frequency answers, 1 worst .. 6 best. */
export const FREQUENCY_ANSWER_LABELS: Record<number, string> = {
  1: 'Fewer than once per six months',
  2: 'Between once per month and once every six months',
  3: 'Between once per week and once per month',
  4: 'Between once per day and once per week',
  5: 'Between once per hour and once per day',
  6: 'On demand (multiple deploys per day)',
};

/** Answer 1..6 -> score 0..10, linearly: (answer - 1) / 5 x 10, i.e. (answer - 1) x 2. */
export function answerScore(answer: number): number {
  return (answer - 1) * 2;
}

function fromAnswer(answer: number | null, label: string | null): QuickCheckAnswer {
  return { answer, answer_label: label, score: answer === null ? null : answerScore(answer) };
}

/** The Quick Check answer of a duration band (lead time, recovery time). */
export function durationAnswer(band: DurationBand | null): QuickCheckAnswer {
  if (band === null) return fromAnswer(null, null);
  const [answer, label] = DURATION_ANSWERS[band];
  return fromAnswer(answer, label);
}

/**
 * The Quick Check deployment frequency answer derived from our data (mapping in the file
 * header). `windowDays` is the unrounded window length.
 */
export function frequencyAnswer(
  f: DeploymentFrequencyReport,
  windowDays: number,
): QuickCheckAnswer {
  const days = f.median_deploy_days_per_week;
  const deployments = f.median_deployments_per_week;
  let answer: number | null = null;
  switch (f.band) {
    case null:
      answer = null;
      break;
    case 'on_demand':
      answer = days !== null && deployments !== null && deployments >= 2 * days ? 6 : 5;
      break;
    case 'between_daily_and_weekly':
      answer = 4;
      break;
    case 'between_weekly_and_monthly':
      answer = 3;
      break;
    case 'less_than_monthly':
      answer = f.count * 6 * MONTH_DAYS >= windowDays ? 2 : 1;
      break;
  }
  return fromAnswer(answer, answer === null ? null : (FREQUENCY_ANSWER_LABELS[answer] ?? null));
}

/** A rate's percentage (4 decimals) and score 10 - p / 10, from the exact fraction. */
export function percentageAnswer(numerator: number, denominator: number): QuickCheckPercentage {
  if (denominator === 0) return { percentage: null, score: null };
  return {
    percentage: round4((100 * numerator) / denominator),
    score: round4(10 - (10 * numerator) / denominator),
  };
}

function group(parts: Record<string, number | null>): QuickCheckGroup {
  const missing = Object.entries(parts)
    .filter(([, v]) => v === null)
    .map(([k]) => k);
  const values = Object.values(parts).filter((v): v is number => v !== null);
  if (missing.length > 0) return { score: null, missing };
  return { score: round4(values.reduce((a, b) => a + b, 0) / values.length), missing };
}

/** Builds the Quick Check from the DORA metrics of the report. */
export function quickCheck(
  leadTime: ChangeLeadTimeReport,
  frequency: DeploymentFrequencyReport,
  recovery: RecoveryTimeReport,
  failureRate: ChangeFailureRateReport,
  rework: DeploymentReworkRateReport,
  windowDays: number,
): QuickCheck {
  const lead = durationAnswer(leadTime.band);
  const freq = frequencyAnswer(frequency, windowDays);
  const rec = durationAnswer(recovery.band);
  const cfr = percentageAnswer(failureRate.numerator, failureRate.denominator);
  const rwk = percentageAnswer(rework.numerator, rework.denominator);
  return {
    edition: 2025,
    source: BENCHMARK_SOURCES.quick_check.source,
    lead_time: lead,
    deployment_frequency: freq,
    failed_deployment_recovery_time: rec,
    change_failure_rate: cfr,
    deployment_rework_rate: rwk,
    throughput: group({
      lead_time: lead.score,
      deployment_frequency: freq.score,
      failed_deployment_recovery_time: rec.score,
    }),
    stability: group({ change_failure_rate: cfr.score, deployment_rework_rate: rwk.score }),
    industry_means: {
      source: 'DORA Quick Check 2025, all-industry means (values as given in METRICS.md section 5)',
      year: 2025,
      population: 'all industries',
      lead_time: 5.5,
      deployment_frequency: 4.8,
      failed_deployment_recovery_time: 7.4,
      change_failure_rate: 1.9,
      deployment_rework_rate: 2.2,
    },
  };
}
