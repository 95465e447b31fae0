/** The board page of the Business page, one cache key per organisation, window and zone. */
import { useQuery } from '@tanstack/react-query';
import { fetchBusiness } from '../api-client/api-client.js';
import type { ReportWindow } from '../api-client/types.js';

export function useBusiness(org: string | null, window: ReportWindow) {
  return useQuery({
    queryKey: ['business', org, window.since, window.until, window.timezone],
    queryFn: ({ signal }) => fetchBusiness(org ?? '', window, signal),
    enabled: org !== null,
  });
}
