(function (root) {
  /* Draw every chart of this report or fragment once plotly.js is there. The figure of a
     plot div is the JSON in the <script type="application/json"> its data-figure names.
     Without plotly.js the charts' tables remain and a notice replaces the charts. */
  if (!root) { return; }
  function draw() {
    var plots = root.querySelectorAll(".sr-plot[data-figure]");
    if (!window.Plotly) { root.classList.add("sr-no-plotly"); return; }
    root.classList.remove("sr-no-plotly");
    for (var i = 0; i < plots.length; i++) {
      var el = plots[i];
      if (el.getAttribute("data-drawn")) { continue; }
      var source = document.getElementById(el.getAttribute("data-figure"));
      if (!source) { continue; }
      var spec = JSON.parse(source.textContent);
      el.setAttribute("data-drawn", "1");
      window.Plotly.newPlot(el, spec.data, spec.layout, spec.config);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})(document.currentScript && document.currentScript.closest(".survey-report"));
