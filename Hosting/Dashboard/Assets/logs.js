// One resource's console: the buffered lines, then live ones, from /api/resources/{name}/logs (server-sent events).
// Lines are inserted as text (textContent), so markup in a log line is shown, never interpreted.
"use strict";

(() => {
  const match = /^\/resources\/([^/]+)\/logs$/.exec(location.pathname);
  const name = decodeURIComponent(match[1]);
  const log = document.getElementById("log");
  const connection = document.getElementById("connection");
  const streams = new Set(["stdout", "stderr"]);
  let lastSequence = -Infinity;

  document.getElementById("resource-name").textContent = name;
  document.title = `${name} · Console logs · Lakehouse dashboard`;

  function append(line) {
    // A reconnect replays the buffer; the sequence number keeps each line once.
    if (line.sequence <= lastSequence) return;
    lastSequence = line.sequence;

    const stickToBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    const row = document.createElement("span");
    row.className = `line stream-${streams.has(line.stream) ? line.stream : "other"}`;
    row.dataset.stream = line.stream;
    const time = document.createElement("time");
    time.className = "time";
    time.dateTime = line.timestamp;
    time.textContent = new Date(line.timestamp).toLocaleTimeString();
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = line.text;
    row.append(time, text);
    log.append(row);
    if (stickToBottom) log.scrollTop = log.scrollHeight;
  }

  function setConnection(state, text) {
    connection.dataset.state = state;
    connection.textContent = text;
  }

  const events = new EventSource(`/api/resources/${encodeURIComponent(name)}/logs`);
  events.addEventListener("open", () => setConnection("live", "Live"));
  events.addEventListener("error", () => setConnection("lost", "Reconnecting…"));
  events.addEventListener("log", (event) => append(JSON.parse(event.data)));
})();
