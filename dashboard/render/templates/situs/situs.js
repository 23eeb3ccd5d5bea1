// Client-side filtering of the embedded ranking table: rows keep their national rank.
(function () {
  var form = document.getElementById("filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#ranking tbody tr"));
  var shown = document.getElementById("shown");
  function apply() {
    var type = form.elements.type.value, province = form.elements.province.value;
    var q = form.elements.q.value.trim().toLowerCase(), count = 0;
    rows.forEach(function (row) {
      var ok = (!type || row.dataset.type === type) && (!province || row.dataset.province === province) &&
        (!q || row.dataset.text.indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = count + " / " + rows.length;
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
}());
