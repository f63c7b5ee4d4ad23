// The resources table: kept live from the server-sent "resource" events of /api/events.
// Every value is inserted as text (textContent), never as HTML.
"use strict";

(() => {
  const commands = ["start", "stop", "restart"];
  const activeStates = new Set(["Starting", "Waiting", "Running", "Stopping"]);
  const tbody = document.querySelector("#resources tbody");
  const empty = document.getElementById("empty");
  const connection = document.getElementById("connection");
  const commandStatus = document.getElementById("command-status");
  const rows = new Map();

  function cell(className, text) {
    const td = document.createElement("td");
    td.className = className;
    if (text !== undefined && text !== null) td.textContent = String(text);
    return td;
  }

  function nameCell(snapshot) {
    const td = cell("name");
    const link = document.createElement("a");
    link.href = `/resources/${encodeURIComponent(snapshot.name)}/logs`;
    link.textContent = snapshot.name;
    link.title = "Console logs";
    td.append(link);
    return td;
  }

  // The reason (why a resource could not start, say) goes on its own line under the state.
  function stateCell(snapshot) {
    const td = cell("state");
    const state = document.createElement("span");
    state.className = `display-state state-${snapshot.state.toLowerCase()}`;
    if (snapshot.state === "Running" && snapshot.health !== "Healthy" && snapshot.health !== "Unknown") {
      state.classList.add(`state-${snapshot.health.toLowerCase()}`);
    }
    state.textContent = snapshot.displayState;
    td.append(state);
    if (snapshot.stateReason) {
      const reason = document.createElement("div");
      reason.className = "state-reason";
      reason.textContent = snapshot.stateReason;
      td.append(reason);
    }
    return td;
  }

  // Only http(s) URLs become links: a javascript: or data: URL from a resource must not run in the dashboard.
  function endpointsCell(snapshot) {
    const td = cell("endpoints");
    for (const endpoint of snapshot.endpoints) {
      let url = null;
      try { url = new URL(endpoint.url); } catch { /* shown as text below */ }
      if (url && (url.protocol === "http:" || url.protocol === "https:")) {
        const link = document.createElement("a");
        link.href = url.href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.textContent = endpoint.url;
        link.title = endpoint.name;
        td.append(link);
      } else {
        const span = document.createElement("span");
        span.textContent = `${endpoint.name}: ${endpoint.url}`;
        td.append(span);
      }
    }
    return td;
  }

  function timeCell(value) {
    const td = cell("start-time");
    if (value) {
      const time = document.createElement("time");
      time.dateTime = value;
      time.textContent = new Date(value).toLocaleString();
      td.append(time);
    }
    return td;
  }

  function actionsCell(snapshot) {
    const td = cell("actions");
    const active = activeStates.has(snapshot.state);
    for (const command of commands) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.command = command;
      button.textContent = command[0].toUpperCase() + command.slice(1);
      button.disabled = (command === "start" && active) || (command === "stop" && !active);
      button.addEventListener("click", () => sendCommand(snapshot.name, command));
      td.append(button);
    }
    return td;
  }

  function render(snapshot) {
    let row = rows.get(snapshot.name);
    if (!row) {
      row = document.createElement("tr");
      row.dataset.resource = snapshot.name;
      rows.set(snapshot.name, row);
      tbody.append(row);
      empty.hidden = true;
    }
    row.dataset.state = snapshot.state;
    row.replaceChildren(
      nameCell(snapshot),
      cell("type", snapshot.type),
      stateCell(snapshot),
      cell("health", snapshot.health),
      endpointsCell(snapshot),
      timeCell(snapshot.startTime),
      cell("exit-code", snapshot.exitCode),
      actionsCell(snapshot));
  }

  function showStatus(text, isError) {
    commandStatus.textContent = text;
    commandStatus.classList.toggle("error", isError);
  }

  // The custom header is the CSRF proof the server requires with the cookie (see CsrfProtectionFilter).
  async function sendCommand(name, command) {
    showStatus(`${command} ${name}…`, false);
    try {
      const response = await fetch(`/api/resources/${encodeURIComponent(name)}/commands/${command}`, {
        method: "POST",
        headers: { "X-Lakehouse-Dashboard": "1" },
        credentials: "same-origin",
      });
      if (response.ok) {
        showStatus(`${command} ${name}: sent`, false);
      } else {
        const problem = await response.json().catch(() => ({}));
        showStatus(`${command} ${name} failed: ${problem.detail || response.statusText}`, true);
      }
    } catch (error) {
      showStatus(`${command} ${name} failed: ${error}`, true);
    }
  }

  function setConnection(state, text) {
    connection.dataset.state = state;
    connection.textContent = text;
  }

  const events = new EventSource("/api/events");
  events.addEventListener("open", () => setConnection("live", "Live"));
  events.addEventListener("error", () => setConnection("lost", "Reconnecting…"));
  events.addEventListener("resource", (event) => render(JSON.parse(event.data)));
})();
