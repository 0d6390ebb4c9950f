// The dvt dashboard: polls /ui/api/state and renders it. Every value is set with textContent, never as HTML:
// operator endpoints and other strings come from the chain, where anyone may write anything.
"use strict";

const refreshMs = 2000;

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "–" : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function fill(tableId, items, render, emptyText) {
  const body = document.querySelector(`#${tableId} tbody`);
  const rows = [];
  for (const item of items) {
    const tr = document.createElement("tr");
    render(tr, item);
    rows.push(tr);
  }
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = cell(tr, emptyText, "empty");
    td.colSpan = document.querySelectorAll(`#${tableId} thead th`).length;
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

const count = n => Number.isInteger(n) ? n : Math.round(n * 100) / 100;

function peerState(peer) {
  if (peer.self) return ["this coordinator", "up"];
  if (peer.up === null) return ["not asked yet", "unknown"];
  return peer.up ? ["up", "up"] : ["down", "down"];
}

function render(state) {
  document.getElementById("whoami").textContent = `operator ${state.operatorId}`;
  const status = document.getElementById("status");
  status.dataset.state = state.health.status;
  status.textContent = state.health.status;
  const chain = state.chain;
  document.getElementById("chain").textContent = chain
    ? `chain ${chain.chainId}, registry ${chain.registry}, block ${chain.block}` + (state.chainError ? ` (${state.chainError})` : "")
    : (state.chainError || "registry not read yet");

  fill("health", state.health.checks, (tr, c) => {
    cell(tr, c.id);
    cell(tr, c.status, c.status === "UP" ? "up" : "down");
    cell(tr, c.detail ?? (c.count !== undefined ? `${c.count} key${c.count === 1 ? "" : "s"} served` : ""));
  }, "no checks");

  fill("operators", state.operators, (tr, o) => {
    const [peerText, peerClass] = peerState(o.peer);
    cell(tr, o.id, "num");
    cell(tr, o.status);
    cell(tr, o.endpoint);
    cell(tr, o.ownedValidators, "num");
    cell(tr, o.heldValidators, "num");
    cell(tr, peerText, peerClass);
    cell(tr, o.peer.meanLatencyMs === null || o.peer.meanLatencyMs === undefined ? null : `${o.peer.meanLatencyMs} ms`, "num");
    cell(tr, o.peer.self ? null : o.peer.goodPartials, "num");
    const failures = Object.entries(o.peer.failures ?? {}).map(([reason, n]) => `${reason} ${count(n)}`).join(", ");
    cell(tr, o.peer.self ? null : (failures || "0"), failures ? "down" : "");
    cell(tr, o.peer.lastAnswerSecondsAgo === null || o.peer.lastAnswerSecondsAgo === undefined ? null : `${o.peer.lastAnswerSecondsAgo} s ago`, "num");
  }, "no operators registered");

  fill("validators", state.validators, (tr, v) => {
    cell(tr, v.id, "num");
    cell(tr, v.owner, "num");
    cell(tr, v.mode);
    cell(tr, v.kind);
    cell(tr, v.status);
    cell(tr, v.holders.join(", "));
    cell(tr, v.round);
    cell(tr, v.publicKey ? `${v.publicKey.slice(0, 12)}…${v.publicKey.slice(-6)}` : null, "key").title = v.publicKey ?? "";
  }, "no validators");

  fill("duties", state.duties, (tr, d) => {
    cell(tr, d.type);
    cell(tr, count(d.signed), "num");
    cell(tr, count(d.missed), d.missed > 0 ? "num nonzero" : "num");
    cell(tr, count(d.refused), d.refused > 0 ? "num nonzero" : "num");
  }, "no duties asked yet");

  const recoveryTotal = state.recoveryKeyUses.reduce((sum, r) => sum + r.count, 0);
  document.getElementById("recovery-total").textContent = `(${count(recoveryTotal)})`;
  fill("recovery", state.recoveryKeyUses, (tr, r) => {
    cell(tr, r.type);
    cell(tr, count(r.count), "num nonzero");
  }, "none: every signature took the threshold path");

  const refusalsTotal = state.slashingRefusals.reduce((sum, r) => sum + r.count, 0);
  document.getElementById("refusals-total").textContent = `(${count(refusalsTotal)})`;
  fill("refusals", state.slashingRefusals, (tr, r) => {
    cell(tr, r.type);
    cell(tr, r.key);
    cell(tr, count(r.count), "num nonzero");
  }, "none");

  document.body.dataset.generatedAt = state.generatedAt;
}

async function refresh() {
  try {
    const response = await fetch("api/state", { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
  } catch (e) {
    const status = document.getElementById("status");
    status.dataset.state = "unreachable";
    status.textContent = `coordinator unreachable (${e.message})`;
  } finally {
    setTimeout(refresh, refreshMs);
  }
}

refresh();
