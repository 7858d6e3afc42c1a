// Live progress of a sync batch: polls the JSON endpoint until the batch is done.
(function () {
  const root = document.getElementById("batch");
  if (!root) return;
  const url = root.dataset.progressUrl;
  async function tick() {
    let data;
    try {
      data = await (await fetch(url, { headers: { Accept: "application/json" } })).json();
    } catch (e) {
      return setTimeout(tick, 2000);
    }
    root.querySelector("[data-done]").textContent = data.done;
    root.querySelector("[data-bar]").value = data.done;
    const status = root.querySelector("[data-batch-status]");
    if (status && data.status_label) status.textContent = data.status_label;
    for (const [state, count] of Object.entries(data.locations)) {
      const cell = root.querySelector(`[data-count="${state}"]`);
      if (cell) cell.textContent = count;
    }
    for (const [directory, counts] of Object.entries(data.directories)) {
      const row = root.querySelector(`[data-directory="${directory}"]`);
      if (!row) continue;
      for (const cell of row.querySelectorAll("[data-k]")) cell.textContent = counts[cell.dataset.k] || 0;
    }
    for (const [id, item] of Object.entries(data.items || {})) {
      const cell = document.querySelector(`[data-item="${id}"] [data-item-status]`);
      if (cell && item[2]) cell.textContent = item[2];
    }
    if (data.status !== root.dataset.status && data.status === "done") {
      window.location.reload();
      return;
    }
    if (data.status !== "done") setTimeout(tick, 1000);
  }
  if (root.dataset.status !== "done") setTimeout(tick, 500);
})();
