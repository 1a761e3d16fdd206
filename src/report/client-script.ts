/**
 * The page's own script: reads the chart specs from the JSON block and draws each canvas that
 * names one. Chart specs carry no functions (they are data), so the few formatting callbacks
 * live here. Plain ES2020, run by the browser as it is.
 */
export const CLIENT_SCRIPT = `"use strict";
(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#3b4252";
  const percent = (v) => Number(v).toFixed(1) + " %";
  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const spec = data.charts[canvas.dataset.chart];
    if (!spec) continue;
    const { percent: asPercent, ...config } = spec;
    if (asPercent) {
      const axis = config.options.indexAxis === "y" ? "x" : "y";
      const scale = config.options.scales[axis];
      scale.ticks = { ...scale.ticks, callback: (v) => v + " %" };
      config.options.plugins.tooltip = { callbacks: { label: (c) => c.dataset.label + ": " + percent(c.parsed[axis]) } };
    }
    new Chart(canvas, config);
  }
})();
`;
