/** TanStack Query hooks over the API client: one cache key per org, window, zone, service, evidence. */
import { useQueries, useQuery } from '@tanstack/react-query';
import { fetchAllRecords, fetchEvidenceList, fetchOrgs, fetchReport, fetchRepositories, fetchServices, type RecordLists } from '../api-client/api-client.js';
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

export function useRepositories(org: string | null) {
  return useQuery({
    queryKey: ['repositories', org],
    queryFn: ({ signal }) => fetchRepositories(org ?? '', signal),
    enabled: org !== null,
  });
}

/** The report; `enabled` false waits (the evidence report waits for the lean one). */
export function useReport(org: string | null, window: ReportWindow, service: string | null, evidence: boolean, enabled = true) {
  return useQuery({
    queryKey: ['report', org, window.since, window.until, window.timezone, service, evidence],
    queryFn: ({ signal }) => fetchReport(org ?? '', window, service, evidence, signal),
    enabled: org !== null && enabled,
  });
}

/** A whole evidence list of the report (`time_to_restore_service.per_incident`, ...). */
export function useEvidenceList<T>(org: string | null, window: ReportWindow, service: string | null, list: string, enabled: boolean) {
  return useQuery({
    queryKey: ['evidence', org, window.since, window.until, window.timezone, service, list],
    queryFn: ({ signal }) => fetchEvidenceList<T>(org ?? '', window, service, list, signal),
    enabled: org !== null && enabled,
  });
}

/** Every record of a list for the given filters (null params: wait). */
export function useRecords<K extends keyof RecordLists>(org: string | null, list: K, params: Record<string, string> | null) {
  return useQuery({
    queryKey: ['records', org, list, params],
    queryFn: ({ signal }) => fetchAllRecords(org ?? '', list, params ?? {}, signal),
    enabled: org !== null && params !== null,
  });
}

/** One report per organisation, side by side (the portfolio). */
export function useReports(orgs: readonly string[], window: ReportWindow) {
  return useQueries({
    queries: orgs.map((org) => ({
      queryKey: ['report', org, window.since, window.until, window.timezone, null, false],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchReport(org, window, null, false, signal),
    })),
  });
}
