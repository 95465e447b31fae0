import { describe, expect, it } from 'vitest';
import { options } from './__fixtures__/builders.js';
import { INCIDENT_WEEK, incidentWeek } from './__fixtures__/incident-week.js';
import { answerScore, durationAnswer, frequencyAnswer, percentageAnswer } from './quick-check.js';
import type { DeploymentFrequencyReport } from './report-types.js';
import { computeReport } from './report.js';

function freq(over: Partial<DeploymentFrequencyReport>): DeploymentFrequencyReport {
  return {
    count: 10,
    per_week: [],
    median_deploy_days_per_week: 5,
    median_deployments_per_week: 5,
    mean_deployments_per_week: 5,
    mean_deployments_per_day: 0.7143,
    window_days: 28,
    deploy_days: 20,
    band: 'on_demand',
    level: 'elite',
    reason: null,
    ...over,
  };
}

describe('Quick Check answers and scores', () => {
  it('maps answers 1..6 linearly to 0..10', () => {
    expect([1, 2, 3, 4, 5, 6].map(answerScore)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('maps duration bands to the survey answers', () => {
    expect(durationAnswer('<1h')).toEqual({
      answer: 6,
      answer_label: 'Less than one hour',
      score: 10,
    });
    expect(durationAnswer('1d-1w')).toMatchObject({ answer: 4, score: 6 });
    expect(durationAnswer('>6mo')).toMatchObject({ answer: 1, score: 0 });
    expect(durationAnswer(null)).toEqual({ answer: null, answer_label: null, score: null });
  });

  it('derives the frequency answer from our bands', () => {
    // on demand with >= 2 deployments per deploy day: "multiple deploys per day"
    expect(frequencyAnswer(freq({ median_deployments_per_week: 10 }), 28)).toMatchObject({
      answer: 6,
      score: 10,
    });
    expect(frequencyAnswer(freq({ median_deployments_per_week: 9 }), 28)).toMatchObject({
      answer: 5,
      score: 8,
    });
    expect(frequencyAnswer(freq({ band: 'between_daily_and_weekly' }), 28)).toMatchObject({
      answer: 4,
      score: 6,
    });
    expect(frequencyAnswer(freq({ band: 'between_weekly_and_monthly' }), 28)).toMatchObject({
      answer: 3,
      score: 4,
    });
    // 1 deployment in 182.625 days is once per six months: answer 2; in 183 days: answer 1
    expect(frequencyAnswer(freq({ band: 'less_than_monthly', count: 1 }), 182.625)).toMatchObject({
      answer: 2,
      score: 2,
    });
    expect(frequencyAnswer(freq({ band: 'less_than_monthly', count: 1 }), 183)).toMatchObject({
      answer: 1,
      answer_label: 'Fewer than once per six months',
      score: 0,
    });
    expect(frequencyAnswer(freq({ band: null }), 28).score).toBeNull();
  });

  it('maps a percentage p to 10 - p / 10', () => {
    // 3 / 7 = 42.857 % -> 10 - 4.2857 = 5.7143
    expect(percentageAnswer(3, 7)).toEqual({ percentage: 42.8571, score: 5.7143 });
    expect(percentageAnswer(0, 5)).toEqual({ percentage: 0, score: 10 });
    expect(percentageAnswer(0, 0)).toEqual({ percentage: null, score: null });
  });
});

describe('Quick Check in the report', () => {
  const q = computeReport(incidentWeek(), options(...INCIDENT_WEEK)).quick_check;

  it('averages throughput and stability scores', () => {
    // lead time: k1..k6 wait 3,600 s except k5 1,800 s -> median 3,600 -> band 1h-1d, answer 5, score 8
    expect(q.lead_time).toMatchObject({ answer: 5, score: 8 });
    // 7 deployments on 5 distinct days in one week: median deploy days 5 -> on demand; 7 < 2 x 5 -> answer 5
    expect(q.deployment_frequency).toMatchObject({ answer: 5, score: 8 });
    // recovery median 3,300 s -> <1h, answer 6, score 10
    expect(q.failed_deployment_recovery_time).toMatchObject({ answer: 6, score: 10 });
    expect(q.throughput).toEqual({ score: 8.6667, missing: [] }); // (8 + 8 + 10) / 3
    // change failure and rework both 3 / 7 -> 5.7143 each
    expect(q.stability).toEqual({ score: 5.7143, missing: [] });
  });

  it('names its source, year and the 2025 all-industry means', () => {
    expect(q.edition).toBe(2025);
    expect(q.source).toContain('DORA Quick Check');
    expect(q.industry_means).toMatchObject({
      year: 2025,
      lead_time: 5.5,
      deployment_frequency: 4.8,
      failed_deployment_recovery_time: 7.4,
      change_failure_rate: 1.9,
      deployment_rework_rate: 2.2,
    });
  });

  it('is null, naming what is missing, when a score cannot be computed', () => {
    const empty = computeReport(
      { ...incidentWeek(), deployments: [], incidents: [] },
      options(...INCIDENT_WEEK),
    ).quick_check;
    expect(empty.throughput).toEqual({
      score: null,
      missing: ['lead_time', 'deployment_frequency', 'failed_deployment_recovery_time'],
    });
    expect(empty.stability).toEqual({
      score: null,
      missing: ['change_failure_rate', 'deployment_rework_rate'],
    });
  });
});
