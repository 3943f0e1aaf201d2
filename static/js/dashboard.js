// Bar charts of the dashboard from the JSON the page embeds (no inline script: a strict CSP holds).
(function () {
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const labels = { receptions: "接待", opinions: "意见", rate: "七个一完成率 %" };
  document.querySelectorAll("[data-chart]").forEach((element) => {
    const chart = data[element.dataset.chart];
    if (!chart || !chart.names.length || typeof echarts === "undefined") return;
    element.style.height = "260px";
    echarts.init(element).setOption({
      tooltip: { trigger: "axis" },
      legend: { data: Object.values(labels) },
      grid: { left: 40, right: 40, bottom: 60 },
      xAxis: { type: "category", data: chart.names, axisLabel: { rotate: 30 } },
      yAxis: [{ type: "value" }, { type: "value", max: 100 }],
      series: [
        { name: labels.receptions, type: "bar", data: chart.receptions },
        { name: labels.opinions, type: "bar", data: chart.opinions },
        { name: labels.rate, type: "line", yAxisIndex: 1, data: chart.rate },
      ],
    });
  });
})();
