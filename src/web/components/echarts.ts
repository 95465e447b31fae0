/**
 * The only ECharts entry point: registers exactly the parts the dashboard draws with
 * (bar, scatter and custom series, grid, tooltip, legend, mark lines, aria, SVG renderer), so
 * the bundle carries nothing else, and a hook that mounts a chart and redraws it on change.
 */
import { BarChart, CustomChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, type RefObject } from 'react';

echarts.use([BarChart, ScatterChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent,
  AriaComponent, SVGRenderer]);

export { echarts };

/**
 * The theme's text and grid colours (the --text, --muted and --border of styles.css). Passed by
 * theme, not read from the CSS: a chart redraws before the shell's effect switches the theme.
 */
export function chartColors(dark: boolean): { text: string; muted: string; border: string } {
  return dark
    ? { text: '#e3e7ee', muted: '#9aa4b2', border: '#2e3744' }
    : { text: '#1c2330', muted: '#5b6473', border: '#d9dee5' };
}

/** Mounts a chart on `ref` with the option `make` builds; rebuilt when `deps` change. */
export function useChart(ref: RefObject<HTMLDivElement | null>, make: (() => echarts.EChartsCoreOption) | null, deps: unknown[]): void {
  useEffect(() => {
    const el = ref.current;
    if (el === null || make === null) return;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    chart.setOption(make());
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
    // The caller names what the option depends on.
  }, deps);
}
