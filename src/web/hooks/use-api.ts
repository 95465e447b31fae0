/** TanStack Query hooks over the API client: one cache key per org, window, service, evidence. */
import { useQueries, useQuery } from '@tanstack/react-query';
import { fetchOrgs, fetchReport, fetchServices } from '../api-client/api-client.js';
import type { ReportWindow } from '../api-client/types.js';

export function useOrgs() {
  return useQuery({ queryKey: ['orgs'], queryFn: ({ signal }) => fetchOrgs(signal) });
}

export function useServices(org: string | null) {
  return useQuery({
    queryKey: ['services', org],
    queryFn: ({ signal }) => fetchServices(org ?? '', signal),
    enabled: org !== null,
  });
}

export function useReport(org: string | null, window: ReportWindow, service: string | null, evidence: boolean) {
  return useQuery({
    queryKey: ['report', org, window.since, window.until, service, evidence],
    queryFn: ({ signal }) => fetchReport(org ?? '', window, service, evidence, signal),
    enabled: org !== null,
  });
}

/** One report per organisation, side by side (the portfolio). */
export function useReports(orgs: readonly string[], window: ReportWindow) {
  return useQueries({
    queries: orgs.map((org) => ({
      queryKey: ['report', org, window.since, window.until, null, false],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchReport(org, window, null, false, signal),
    })),
  });
}
