// The phone page of a quizapp live room (protocol version 1, see docs/live.md).
// Plain JavaScript, no libraries. Text from the room (nicknames, questions, answers) is only
// ever put in the page as text (textContent / text nodes), never as HTML.
"use strict";

(() => {
  const PROTOCOL = 1;
  const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const SHAPES = { A: "▲", B: "◆", C: "●", D: "■" };
  const KIND_HINTS = {
    choice: "Tap the answer",
    truefalse: "True or false?",
    multi: "Tap every right answer, then Send",
    typed: "Type the answer",
    order: "Tap the items in the right order",
    match: "Match each item",
  };

  const parts = location.pathname.split("/").filter(Boolean);
  const code = parts[0] || "";
  const key = parts[1] || "";
  const storeKey = `quizapp:${code}:${key}`;
  const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/${code}/${key}/ws`;

  const $ = (id) => document.getElementById(id);
  const joinSection = $("join");
  const view = $("view");
  const banner = $("banner");

  let ws = null;
  let room = null; // what the room told us before joining
  let me = null; // {id, name, team}
  let state = null; // the last state frame
  let answered = null; // {q, seconds} once our answer is acknowledged
  let draft = null; // the answer being built (multi, order, match, confidence)
  let chosenTeam = null;
  let joinWanted = null; // a hello waiting for the socket
  let stopped = false; // removed, replaced or out of date: no reconnecting
  let retries = 0;
  let retryTimer = null;
  let deadline = null; // performance.now() ms when the question closes (display only)
  let clockTimer = null;

  // -- DOM helpers (text only) ---------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v === true) node.setAttribute(k, "");
      else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function show(section) {
    joinSection.hidden = section !== joinSection;
    view.hidden = section !== view;
  }

  function say(text) {
    banner.textContent = text || "";
    banner.hidden = !text;
  }

  function place(n) {
    const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : { 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th";
    return `${n}${s}`;
  }

  function pointsText(n) {
    return `${n > 0 ? "+" : ""}${n} point${Math.abs(n) === 1 ? "" : "s"}`;
  }

  // -- the connection ------------------------------------------------------------------------

  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function connect() {
    if (stopped) return;
    clearTimeout(retryTimer);
    retryTimer = null;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) return;
    ws = new WebSocket(wsUrl);
    ws.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      handle(frame);
    });
    ws.addEventListener("open", () => {
      retries = 0;
    });
    ws.addEventListener("close", (event) => {
      ws = null;
      if (event.code === 4000) return stop("This page is out of date: reload it.");
      if (event.code === 4001) return; // removed: handled by the 'removed' frame
      if (event.code === 4002) return stop("You opened this room in another tab or device.");
      if (stopped) return;
      const wait = Math.min(1000 * 2 ** retries, 8000);
      retries += 1;
      say(event.code === 4004 ? "The teacher closed the room." : "Reconnecting…");
      retryTimer = setTimeout(connect, wait);
    });
  }

  function stop(text) {
    stopped = true;
    say(text);
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !ws) connect();
  });
  window.addEventListener("online", () => {
    if (!ws) connect();
  });

  // -- frames from the server ----------------------------------------------------------------

  function handle(frame) {
    switch (frame.type) {
      case "room": {
        room = frame.room;
        $("bar-title").textContent = room.title;
        const token = localStorage.getItem(storeKey);
        if (token) send({ type: "hello", v: PROTOCOL, resume: token });
        else if (joinWanted) send(joinWanted);
        else showJoin("");
        break;
      }
      case "welcome":
        say("");
        me = frame.player;
        room = frame.room;
        joinWanted = null;
        localStorage.setItem(storeKey, frame.resume);
        $("bar-me").textContent = me.team ? `${me.name} · ${me.team}` : me.name;
        break;
      case "refused":
        if (frame.code === "bad_resume") {
          localStorage.removeItem(storeKey);
          if (joinWanted) send(joinWanted);
          else showJoin("");
        } else {
          joinWanted = null;
          showJoin(frame.message);
        }
        break;
      case "state":
        say("");
        onState(frame);
        break;
      case "ack":
        answered = { q: frame.q, seconds: frame.seconds };
        render();
        break;
      case "error":
        if (frame.code === "already_answered" && state) answered = { q: state.room.number };
        say(frame.message);
        render();
        break;
      case "removed":
        localStorage.removeItem(storeKey);
        stopped = true;
        me = null;
        show(view);
        view.replaceChildren(
          el("div", { class: "done" }, el("h1", { text: "You were removed" }), el("p", { text: frame.message })),
        );
        say("");
        break;
      default:
        break;
    }
  }

  function onState(frame) {
    const before = state;
    state = frame;
    const r = frame.room;
    const sameQuestion = before && before.room.number === r.number && before.room.phase === r.phase;
    if (!sameQuestion && r.phase === "question") draft = null;
    if (r.phase === "question" && !frame.you.answered) answered = null;
    if (frame.you.answered && !answered) answered = { q: r.number };
    if (r.phase === "question" && r.remaining !== null && !r.paused) {
      deadline = performance.now() + r.remaining * 1000;
    } else {
      deadline = null;
    }
    if (frame.you.total !== undefined) $("bar-score").textContent = `${frame.you.total}`;
    render();
  }

  // -- joining -------------------------------------------------------------------------------

  function showJoin(message) {
    show(joinSection);
    $("join-error").textContent = message || "";
    const teams = room && room.choose_team ? room.teams : [];
    const field = $("join-teams");
    field.hidden = teams.length === 0;
    const list = $("join-team-list");
    list.replaceChildren(
      ...teams.map((team) =>
        el("button", {
          type: "button",
          text: team,
          "aria-pressed": chosenTeam === team ? "true" : "false",
          onclick: () => {
            chosenTeam = team;
            showJoin($("join-error").textContent);
          },
        }),
      ),
    );
    $("join-button").disabled = false;
  }

  $("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = $("join-name").value.trim();
    if (!name) {
      $("join-error").textContent = "Choose a nickname.";
      return;
    }
    if (room && room.choose_team && !chosenTeam) {
      $("join-error").textContent = "Choose your team.";
      return;
    }
    joinWanted = { type: "hello", v: PROTOCOL, name, team: chosenTeam };
    $("join-button").disabled = true;
    if (!send(joinWanted)) connect();
  });

  // -- the views -----------------------------------------------------------------------------

  function render() {
    if (!state || !me) return;
    show(view);
    clearInterval(clockTimer);
    clockTimer = null;
    const r = state.room;
    const you = state.you;
    const builder = {
      lobby: lobbyView,
      question: questionView,
      locked: lockedView,
      reveal: revealView,
      board: boardView,
      end: boardView,
    }[r.phase];
    view.replaceChildren(...(builder ? builder(r, you) : []));
  }

  function lobbyView(r, you) {
    return [
      el(
        "div",
        { class: "done" },
        el("h1", { text: `You're in, ${you.name}!` }),
        you.team ? el("p", { class: "rank", text: `Team ${you.team}` }) : null,
        el("p", { class: "muted", text: "Watch the big screen: the quiz starts soon." }),
      ),
    ];
  }

  function meta(r) {
    const timer = el("span", { class: "timer", id: "timer" });
    const line = el("p", { class: "meta" }, el("span", { text: `Question ${r.number} of ${r.total}` }), timer);
    const tick = () => {
      if (r.paused) {
        timer.textContent = "Paused";
        return;
      }
      if (deadline === null) {
        timer.textContent = r.limit ? "" : "No timer";
        return;
      }
      const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000 - 1e-9));
      timer.textContent = `${left} s`;
      timer.classList.toggle("low", left <= 5);
    };
    tick();
    clockTimer = setInterval(tick, 250);
    return line;
  }

  function questionView(r, you) {
    const out = [meta(r)];
    if (r.prompt) out.push(el("h2", { class: "prompt", text: r.prompt }));
    else out.push(el("p", { class: "muted", text: "Read the question on the big screen." }));
    if (!you.eligible) {
      out.push(waiting("You joined during this question", "The next one is yours."));
      return out;
    }
    if (answered || you.answered) {
      out.push(waiting("Answer received ✓", "Wait for the others…"));
      return out;
    }
    if (r.paused) {
      out.push(waiting("Paused", "The teacher paused the question."));
      return out;
    }
    out.push(el("p", { class: "muted", text: KIND_HINTS[r.kind] || "" }));
    if (draft && draft.sure === "asking") {
      out.push(sureView());
      return out;
    }
    const builder = { choice: tilesView, truefalse: tilesView, multi: multiView, typed: typedView, order: orderView, match: matchView }[r.kind];
    if (builder) out.push(...builder(r));
    return out;
  }

  function waiting(title, text) {
    return el("div", { class: "done" }, el("h1", { text: title }), el("p", { class: "muted", text }));
  }

  function submit(response) {
    if (!state) return;
    const r = state.room;
    if (r.scoring === "confidence" && !(draft && draft.sureLevel)) {
      draft = { ...(draft || {}), sure: "asking", response };
      render();
      return;
    }
    const message = { type: "answer", q: r.number, response };
    if (draft && draft.sureLevel) message.sure = draft.sureLevel;
    if (!send(message)) say("Not connected: your answer was not sent. Reconnecting…");
  }

  function sureView() {
    const levels = [
      [1, "1 · a guess"],
      [2, "2 · fairly sure"],
      [3, "3 · certain"],
    ];
    return el(
      "div",
      { class: "list" },
      el("h2", { text: "How sure are you?" }),
      el(
        "div",
        { class: "sure" },
        ...levels.map(([level, label]) =>
          el("button", {
            type: "button",
            text: label,
            onclick: () => {
              const response = draft.response;
              draft = { ...draft, sure: "given", sureLevel: level };
              submit(response);
            },
          }),
        ),
      ),
    );
  }

  function tile(i, text, props) {
    const letter = LETTERS[i];
    return el(
      "button",
      { type: "button", class: `tile -${letter.toLowerCase()}`, "aria-label": `${letter}: ${text}`, ...props },
      el("span", { class: "key", text: `${SHAPES[letter] || ""} ${letter}` }),
      el("span", { class: "text", text }),
    );
  }

  function tilesView(r) {
    const grid = el("div", { class: `tiles${r.options.length > 4 ? " -one-column" : ""}` });
    r.options.forEach((text, i) => grid.append(tile(i, text, { onclick: () => submit(i) })));
    return [grid];
  }

  function multiView(r) {
    if (!draft || !draft.multi) draft = { multi: new Set() };
    const chosen = draft.multi;
    const grid = el("div", { class: "tiles" });
    r.options.forEach((text, i) =>
      grid.append(
        tile(i, text, {
          "aria-pressed": chosen.has(i) ? "true" : "false",
          onclick: () => {
            if (chosen.has(i)) chosen.delete(i);
            else chosen.add(i);
            render();
          },
        }),
      ),
    );
    const sendButton = el("button", {
      type: "button",
      class: "big primary",
      text: "Send",
      disabled: chosen.size === 0,
      onclick: () => submit([...chosen].sort((a, b) => a - b)),
    });
    return [grid, sendButton];
  }

  function typedView(r) {
    if (!draft || draft.typed === undefined) draft = { typed: "" };
    const input = el("input", {
      id: "typed-answer",
      maxlength: "200",
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      enterkeyhint: "send",
      "aria-label": "Your answer",
      oninput: () => {
        draft.typed = input.value;
      },
    });
    input.value = draft.typed;
    const form = el(
      "form",
      {
        class: "list",
        onsubmit: (event) => {
          event.preventDefault();
          submit(input.value.trim());
        },
      },
      input,
      el("button", { type: "submit", class: "big primary", text: "Send" }),
    );
    setTimeout(() => input.focus(), 0);
    return [form];
  }

  function orderView(r) {
    if (!draft || !draft.order) draft = { order: [] };
    const picked = draft.order;
    const list = el("div", { class: "list" });
    r.options.forEach((text, i) => {
      const pos = picked.indexOf(i);
      list.append(
        el(
          "button",
          {
            type: "button",
            "aria-pressed": pos >= 0 ? "true" : "false",
            onclick: () => {
              if (pos >= 0) picked.splice(pos, 1);
              else picked.push(i);
              render();
            },
          },
          el("span", { class: "pos", text: pos >= 0 ? `${pos + 1}.` : "·" }),
          text,
        ),
      );
    });
    const sendButton = el("button", {
      type: "button",
      class: "big primary",
      text: "Send",
      disabled: picked.length !== r.options.length,
      onclick: () => submit([...picked]),
    });
    return [list, sendButton];
  }

  function matchView(r) {
    if (!draft || !draft.match) draft = { match: r.lefts.map(() => -1) };
    const chosen = draft.match;
    const rows = el("div", { class: "list" });
    r.lefts.forEach((left, li) => {
      const select = el(
        "select",
        {
          "aria-label": left,
          onchange: (event) => {
            chosen[li] = Number(event.target.value);
            render();
          },
        },
        el("option", { value: "-1", text: "Choose…" }),
        ...r.options.map((text, oi) => el("option", { value: String(oi), text })),
      );
      select.value = String(chosen[li]);
      rows.append(el("div", { class: "match-row" }, el("label", { text: left }), select));
    });
    const sendButton = el("button", {
      type: "button",
      class: "big primary",
      text: "Send",
      disabled: chosen.some((c) => c < 0),
      onclick: () => submit([...chosen]),
    });
    return [rows, sendButton];
  }

  function lockedView(r, you) {
    return [
      el("p", { class: "meta" }, el("span", { text: `Question ${r.number} of ${r.total}` })),
      waiting("Time's up!", you.answered ? "Your answer is in. The answer comes next." : "No answer this time."),
    ];
  }

  function revealView(r, you) {
    const verdict = !you.eligible
      ? el("p", { class: "verdict", text: "Not your question" })
      : !you.answered
        ? el("p", { class: "verdict -wrong", text: "No answer" })
        : you.right
          ? el("p", { class: "verdict -right", text: "✔ Right" })
          : el("p", { class: "verdict -wrong", text: "✘ Wrong" });
    return [
      el("p", { class: "meta" }, el("span", { text: `Question ${r.number} of ${r.total}` })),
      el(
        "div",
        { class: "done" },
        verdict,
        you.eligible ? el("p", { class: "points", id: "points", text: pointsText(you.points) }) : null,
        you.answer ? el("p", {}, "Your answer: ", el("strong", { text: you.answer })) : null,
        el("p", {}, "The answer: ", el("strong", { text: r.answer_text })),
        r.explain ? el("p", { class: "muted", text: r.explain }) : null,
        rankLine(you),
      ),
    ];
  }

  function rankLine(you) {
    if (!you.rank) return null;
    const streak = you.streak > 1 ? ` · ${you.streak} right in a row` : "";
    const total = `${you.total} point${Math.abs(you.total) === 1 ? "" : "s"}`;
    return el("p", { class: "rank", id: "rank", text: `${place(you.rank)} of ${you.of} · ${total}${streak}` });
  }

  function boardView(r, you) {
    const title = r.phase === "end" ? "Final results" : r.final ? "Final leaderboard" : "Leaderboard";
    const top = el(
      "ol",
      { class: "board" },
      ...r.top.map((s) => el("li", { class: s.name === you.name ? "-me" : "", text: `${s.name}${s.team ? ` (${s.team})` : ""} · ${s.total}` })),
    );
    const teams = r.teams.length
      ? el("ol", { class: "board" }, ...r.teams.map((t) => el("li", { text: `Team ${t.team} · ${t.score}` })))
      : null;
    return [
      el(
        "div",
        { class: "done" },
        el("h1", { text: title }),
        rankLine(you),
        top,
        teams ? el("h2", { text: "Teams" }) : null,
        teams,
        r.phase === "end" ? el("p", { class: "muted", text: "Thanks for playing!" }) : null,
      ),
    ];
  }

  connect();
})();
