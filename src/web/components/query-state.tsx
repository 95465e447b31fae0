/** Loading and error states of a query; renders its children once the data is there. */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api-client/api-client.js';

interface Props<T> {
  query: UseQueryResult<T>;
  what: string;
  children: (data: T) => ReactNode;
}

export function QueryState<T>({ query, what, children }: Props<T>) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error !== null) {
    const e = query.error;
    const login = e instanceof ApiError && e.status === 401;
    return (
      <p role="alert" className="error">
        {login
          ? 'You are not signed in: open the login link that panorama serve printed, or run panorama token create.'
          : `Could not load ${what}: ${e.message}`}
      </p>
    );
  }
  return <p className="muted" aria-busy="true">Loading {what}…</p>;
}
