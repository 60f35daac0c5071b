// khabar HTML report: hover cards, entity and claim selection. Runs under a CSP that pins this
// script by hash; builds DOM only with textContent and createElement, never innerHTML, because
// every string in the data comes from an untrusted article.
"use strict";
(function () {
  var dataEl = document.getElementById("khabar-data");
  var article = document.getElementById("article");
  var card = document.getElementById("card");
  var status = document.getElementById("status");
  if (!dataEl || !article || !card) { return; }
  var data;
  try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var entities = data.entities || [];
  var TYPE = { PERSON: "person", LOCATION: "place", ORGANIZATION: "organization", MISC: "other" };
  var QID = /^Q[1-9][0-9]*$/;
  var hideTimer = 0;

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) { n.className = cls; }
    if (text !== undefined && text !== null) { n.textContent = String(text); }
    return n;
  }

  function qidLink(qid) {
    if (typeof qid !== "string" || !QID.test(qid)) { return el("span", "none", "no Wikidata link"); }
    var a = el("a", "", "Wikidata " + qid);
    a.href = "https://www.wikidata.org/wiki/" + qid;
    a.rel = "noopener noreferrer";
    return a;
  }

  function showCard(m) {
    var e = entities[Number(m.getAttribute("data-e"))];
    if (!e) { return; }
    clearTimeout(hideTimer);
    card.replaceChildren();
    card.appendChild(el("strong", "", e.name));
    var ar = el("bdi", "ar", e.name_ar);
    ar.lang = "ar";
    ar.dir = "rtl";
    card.appendChild(ar);
    var type = TYPE[e.type] || "other";
    card.appendChild(el("span", "", type + (e.subtype ? " · " + e.subtype : "")));
    card.appendChild(el("br"));
    card.appendChild(qidLink(e.wikidata));
    var n = typeof e.count === "number" ? e.count : (e.mentions || []).length;
    card.appendChild(el("div", "", "Mentioned " + n + (n === 1 ? " time" : " times")));
    card.hidden = false;
    var r = m.getBoundingClientRect();
    var width = card.offsetWidth;
    var left = Math.max(4, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 4));
    card.style.left = left + "px";
    card.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function hideCardSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { card.hidden = true; }, 250);
  }

  function announce(text) { if (status) { status.textContent = text; } }

  function showDetail(id) {
    var blocks = document.querySelectorAll("#details .detail");
    for (var i = 0; i < blocks.length; i++) { blocks[i].hidden = blocks[i].id !== id; }
    var hint = document.querySelector("#details .hint");
    if (hint) { hint.hidden = id !== ""; }
  }

  function setPressed(selector, attr, value) {
    var bs = document.querySelectorAll(selector);
    for (var i = 0; i < bs.length; i++) {
      bs[i].setAttribute("aria-pressed", bs[i].getAttribute(attr) === value ? "true" : "false");
    }
  }

  function clearClass(cls) {
    var xs = document.querySelectorAll("." + cls);
    for (var i = 0; i < xs.length; i++) { xs[i].classList.remove(cls); }
  }

  var selectedEntity = null;
  var selectedClaim = null;

  function selectEntity(idx, scroll) {
    clearClass("sel");
    if (selectedEntity === idx) {
      selectedEntity = null;
      setPressed(".ent", "data-e", "");
      showDetail("");
      announce("Selection cleared");
      return;
    }
    selectedEntity = idx;
    var ms = article.querySelectorAll('.m[data-e="' + idx + '"]');
    for (var i = 0; i < ms.length; i++) { ms[i].classList.add("sel"); }
    setPressed(".ent", "data-e", idx);
    showDetail("ent-detail-" + idx);
    var e = entities[Number(idx)];
    announce((e ? e.name : "Entity") + ": " + ms.length + " highlighted mentions");
    if (scroll && ms.length && ms[0].scrollIntoView) { ms[0].scrollIntoView({ block: "center" }); }
  }

  function selectClaim(idx, scroll) {
    clearClass("csel");
    if (selectedClaim === idx) {
      selectedClaim = null;
      setPressed(".cl, .badge", "data-c", "");
      showDetail("");
      announce("Selection cleared");
      return;
    }
    selectedClaim = idx;
    var cs = article.querySelectorAll('.claim[data-c="' + idx + '"]');
    for (var i = 0; i < cs.length; i++) { cs[i].classList.add("csel"); }
    setPressed(".cl, .badge", "data-c", idx);
    showDetail("claim-detail-" + idx);
    announce("Claim " + (Number(idx) + 1) + " selected");
    if (scroll && cs.length && cs[0].scrollIntoView) { cs[0].scrollIntoView({ block: "center" }); }
  }

  article.addEventListener("mouseover", function (ev) {
    var m = ev.target.closest && ev.target.closest(".m");
    if (m) { showCard(m); }
  });
  article.addEventListener("mouseout", function (ev) {
    if (ev.target.closest && ev.target.closest(".m")) { hideCardSoon(); }
  });
  article.addEventListener("focusin", function (ev) {
    var m = ev.target.closest && ev.target.closest(".m");
    if (m) { showCard(m); }
  });
  article.addEventListener("focusout", hideCardSoon);
  card.addEventListener("mouseover", function () { clearTimeout(hideTimer); });
  card.addEventListener("mouseout", hideCardSoon);
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { card.hidden = true; }
  });

  document.addEventListener("click", function (ev) {
    var t = ev.target.closest ? ev.target : null;
    if (!t) { return; }
    var m = t.closest("#article .m");
    if (m) {
      ev.preventDefault();
      selectEntity(m.getAttribute("data-e"), false);
      return;
    }
    var ent = t.closest(".ent");
    if (ent) { selectEntity(ent.getAttribute("data-e"), true); return; }
    var c = t.closest(".cl, .badge");
    if (c) { selectClaim(c.getAttribute("data-c"), c.classList.contains("cl")); return; }
    // Clicking the claim's text itself (outside a mention) also opens it, unless the reader is
    // selecting text.
    var span = t.closest("#article .claim");
    var picked = window.getSelection ? String(window.getSelection()) : "";
    if (span && picked === "") { selectClaim(span.getAttribute("data-c"), false); }
  });

  // A link such as report.html#entity-2 or #claim-0 opens with that selection, which makes a
  // selection shareable and lets tests drive the same code path as a click.
  var hash = /^#(entity|claim)-([0-9]+)$/.exec(location.hash);
  if (hash) {
    if (hash[1] === "entity") { selectEntity(hash[2], true); } else { selectClaim(hash[2], true); }
  }
  document.body.setAttribute("data-js", "ready");
})();
