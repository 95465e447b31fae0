/** The view state of the URL, and a setter that pushes a history entry (back button works). */
import { useCallback, useEffect, useState } from 'react';
import { parseViewState, viewStateUrl, type ViewState } from '../app/view-state.js';

function current(): ViewState {
  return parseViewState(window.location.pathname, window.location.search);
}

export function useViewState(): [ViewState, (next: Partial<ViewState>) => void] {
  const [state, setState] = useState<ViewState>(current);
  useEffect(() => {
    const onPop = (): void => setState(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const update = useCallback((next: Partial<ViewState>) => {
    const merged = { ...current(), ...next };
    window.history.pushState(null, '', viewStateUrl(merged));
    setState(merged);
  }, []);
  return [state, update];
}
