/** The dashboard shell: header, navigation, theme, and the page the URL names. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../api-client/api-client.js';
import { QueryState } from '../components/query-state.js';
import { useOrgs } from '../hooks/use-api.js';
import { useViewState } from '../hooks/use-view-state.js';
import { OverviewPage } from '../pages/overview-page.js';
import { PortfolioPage } from '../pages/portfolio-page.js';
import { BusinessPage } from '../pages/business-page.js';
import { viewStateUrl } from './view-state.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

type Theme = 'light' | 'dark';

function initialTheme(): Theme {
  const saved = window.localStorage.getItem('panorama-theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function Shell() {
  const [state, setState] = useViewState();
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const orgs = useOrgs();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const toggle = (): void => {
    const next = theme === 'dark' ? 'light' : 'dark';
    window.localStorage.setItem('panorama-theme', next);
    setTheme(next);
  };
  const nav = (page: 'overview' | 'portfolio' | 'business') => ({
    href: viewStateUrl({ ...state, page }),
    'aria-current': state.page === page ? ('page' as const) : undefined,
    onClick: (e: React.MouseEvent) => {
      e.preventDefault();
      setState({ page });
    },
  });
  return (
    <>
      <header className="top">
        <span className="brand">Panorama</span>
        <nav aria-label="Pages">
          <a {...nav('overview')}>Overview</a>
          <a {...nav('portfolio')}>Portfolio</a>
          <a {...nav('business')}>Business</a>
        </nav>
        <button type="button" className="theme-toggle" onClick={toggle} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>
      <QueryState query={orgs} what="the organisations">
        {(list) =>
          list.length === 0 ? (
            <main><p className="muted">No organisation yet: import data with panorama import.</p></main>
          ) : state.page === 'portfolio' ? (
            <PortfolioPage state={state} orgs={list} onChange={setState} />
          ) : state.page === 'business' ? (
            <BusinessPage state={state} orgs={list} onChange={setState} />
          ) : (
            <OverviewPage state={state} orgs={list} onChange={setState} dark={theme === 'dark'} />
          )
        }
      </QueryState>
    </>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}
