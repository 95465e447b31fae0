/**
 * Deployment frequency (METRICS.md section 3).
 *
 * Definition: the count of production deployments (environment `production`, status
 * `success`, time `finishedAt`) in the window; per local ISO week (zero-filled, edge weeks
 * flagged `partial`): deployments and distinct local deploy-days; the median deploy-days per
 * week, the median and mean deployments per week and the mean deployments per day.
 * Mean per day = count / window days, per week = 7 x per day, both from the unrounded rate and
 * rounded to 4 decimals. Survey band: median deploy-days/week >= 5 on_demand; >= 1
 * between_daily_and_weekly; else count / (window days / 30.4375) >= 1
 * between_weekly_and_monthly; else less_than_monthly.
 *
 * Window semantics: a deployment counts when `start <= finishedAt < end`. In the organisation
 * view, deploy-days are distinct local days across every service.
 *
 * Example: a 14-day UTC window from Monday with deployments on Mon, Mon, Tue of week 1 and none
 * in week 2: count 3, per week [3 deployments / 2 days, 0 / 0], median deploy-days 1,
 * median deployments 1.5, mean per day 3/14 = 0.2143, per week 1.5, band
 * between_daily_and_weekly, level high.
 */
import type { Deployment } from '../../domain/index.js';
import { frequencyBand, frequencyLevel } from '../benchmarks.js';
import type { Calendar } from '../calendar.js';
import { dayIndexOf, weekIndexOf } from '../calendar.js';
import type { DeploymentFrequencyReport, DeploymentWeek } from '../report-types.js';
import { compareDeployments } from './attribution.js';
import { median, round4 } from '../stats.js';

/**
 * Computes deployment frequency over `deployments`, the production deployments of the scope
 * (any order; those outside the window are ignored).
 */
export function deploymentFrequency(
  deployments: readonly Deployment[],
  calendar: Calendar,
  includeEvidence: boolean,
): DeploymentFrequencyReport {
  const counted = deployments
    .filter((d) => dayIndexOf(calendar, d.finishedAt) >= 0)
    .sort(compareDeployments);
  const weekDeployments = new Array<number>(calendar.weeks.length).fill(0);
  const weekDays = calendar.weeks.map(() => new Set<number>());
  const allDays = new Set<number>();
  for (const d of counted) {
    const w = weekIndexOf(calendar, d.finishedAt);
    const day = dayIndexOf(calendar, d.finishedAt);
    weekDeployments[w] = (weekDeployments[w] as number) + 1;
    (weekDays[w] as Set<number>).add(day);
    allDays.add(day);
  }
  const perWeek: DeploymentWeek[] = calendar.weeks.map((week, i) => ({
    week_start: week.weekStart,
    deployments: weekDeployments[i] as number,
    deploy_days: (weekDays[i] as Set<number>).size,
    partial: week.partial,
  }));
  const count = counted.length;
  const hasData = count > 0;
  const medianDays = hasData ? median(perWeek.map((w) => w.deploy_days)) : null;
  const perDay = count / calendar.windowDays;
  const band = frequencyBand(medianDays, count, calendar.windowDays);
  const report: DeploymentFrequencyReport = {
    count,
    per_week: perWeek,
    median_deploy_days_per_week: medianDays,
    median_deployments_per_week: hasData ? median(perWeek.map((w) => w.deployments)) : null,
    mean_deployments_per_week: hasData ? round4(7 * perDay) : null,
    mean_deployments_per_day: hasData ? round4(perDay) : null,
    window_days: round4(calendar.windowDays),
    deploy_days: allDays.size,
    band,
    level: frequencyLevel(band),
    reason: hasData ? null : 'no-deployments',
  };
  if (includeEvidence) report.deployment_ids = counted.map((d) => d.id);
  return report;
}
